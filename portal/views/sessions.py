"""The two tiny endpoints of the idle warning (static/js/session.js): how long the session
has left, and "stay signed in"."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from portal.sessions import idle_seconds_left, mark_activity


@require_GET
@login_required
def session_status(request):
    """Seconds left. The script asks with the passive header, so asking is not activity;
    a session that has ended is answered 401 by the middleware before this view."""
    return JsonResponse({"remaining": idle_seconds_left(request)})


@require_POST
@login_required
def session_ping(request):
    """The person pressed "stay signed in": that is activity."""
    mark_activity(request)
    return JsonResponse({"remaining": idle_seconds_left(request)})

"""`/health/`, for load balancers: can this web host serve pages? That needs the process and
the database, nothing else. Redis is left out on purpose: it is shared by every host, so a
Redis outage would take them all out of the load balancer while the pages still work (tasks
wait in the database, portal.jobs). The administrators' status page shows everything."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import status


@require_safe
@never_cache
def health(request):
    # No session, no user, no template, no write: cheap enough to poll every few seconds.
    if not status.database_answers():
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")

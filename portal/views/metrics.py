"""`/metrics`, for Prometheus: only to a scraper that presents METRICS_TOKEN as a bearer
token. Everyone else, and everyone when no token is set, gets the portal's 404 page, so the
address does not even show that metrics exist."""

import secrets

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from portal.metrics import exposition


@require_safe
@never_cache
def metrics(request):
    expected = settings.METRICS_TOKEN
    scheme, _sep, presented = request.headers.get("Authorization", "").partition(" ")
    if not (
        expected
        and scheme.lower() == "bearer"
        and secrets.compare_digest(presented.strip().encode(), expected.encode())
    ):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)

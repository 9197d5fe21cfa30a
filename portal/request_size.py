"""Refuse a request body larger than any form of the portal needs, before it is read.

Without this a 50 MB upload was received whole (into a temporary file) before the form
said it was too large. The reverse proxy should refuse such bodies first (README,
"Request size"); this is the application's own bound behind it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            # The body is never read; the connection closes after the answer, so the
            # unread rest cannot be taken for the next request.
            limit_mb = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            if request.path.startswith("/api/v1/"):
                response = _api_problem(limit_mb)
            else:
                response = render(request, "413.html", {"limit_mb": limit_mb}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def _api_problem(limit_mb: int) -> JsonResponse:
    """The API's answer (RFC 9457, as api.problems words it), with the page's message."""
    detail = _(
        "One form may send at most %(limit)s MB of files. Send fewer or smaller files at a "
        "time (scan at a lower resolution, or save photos smaller), then try again."
    ) % {"limit": limit_mb}
    body = {"type": "about:blank", "title": _("Request too large"), "status": 413, "detail": detail}
    return JsonResponse(
        body,
        status=413,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )

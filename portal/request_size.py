"""Refuse a request body larger than any form of the portal needs, before it is read.

Without this a 50 MB upload was received whole (into a temporary file) before the form
said it was too large. The reverse proxy should refuse such bodies first (README,
"Request size"); this is the application's own bound behind it."""

from django.conf import settings
from django.shortcuts import render


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
            response = render(
                request,
                "413.html",
                {"limit_mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)

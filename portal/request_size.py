"""Refuse a request body larger than any form of the portal needs, before it is read.

Without this a 50 MB upload was received whole (into a temporary file) before the form
said it was too large. The reverse proxy should refuse such bodies first (README,
"Request size"); this is the application's own bound behind it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

# Other answers than the page, by path prefix, registered by the app that serves the paths
# (the API answers with a problem document): prefix -> answer(limit in MB).
ANSWERS: dict[str, Callable[[int], HttpResponse]] = {}


def answer_under(prefix: str, answer: Callable[[int], HttpResponse]) -> None:
    """Refuse a too-large request under `prefix` with `answer(limit_mb)` instead of the page."""
    ANSWERS[prefix] = answer


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
            answer = next((a for p, a in ANSWERS.items() if request.path.startswith(p)), None)
            if answer is not None:
                response = answer(limit_mb)
            else:
                response = render(request, "413.html", {"limit_mb": limit_mb}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)

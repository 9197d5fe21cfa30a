"""The pages every made document shares (portal.documents): the page that waits for it, the
status that page polls, "make it again", and the file.

`status_response` and `pdf_response` answer for a document an app has already found through
its own scoped selector; `pdf_response` journals the download (portal.security_events).
`DocumentPages` gives an app all four pages at once: it passes `find(user, pk)`, which
returns the person's document or raises Http404, `back(document)` (and optionally
`may_retry`), the address of the page the document belongs to.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST, require_safe

from portal import documents
from portal.documents import RenderedDocument
from portal.security_events import record_download
from portal.views.files import open_stored


def status_response(document: RenderedDocument, download_url: str) -> JsonResponse:
    return JsonResponse(
        {
            "status": document.status,
            "label": document.get_status_display(),
            "ready": document.is_ready,
            "url": download_url if document.is_ready else "",
        }
    )


def pdf_response(request, document: RenderedDocument, filename: str) -> FileResponse:
    """The PDF exactly as made, with the hash of what it prints; the download journaled."""
    response = FileResponse(
        open_stored(document.file),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Snapshot-SHA256"] = document.snapshot_hash
    record_download(request, document, filename)
    return response


class DocumentPages:
    """The waiting page (`<app>:document`), its status (`document-status`), "make it again"
    (`document-retry`) and the download (`document-download`) of one app's documents."""

    def __init__(
        self,
        *,
        app_name: str,
        find: Callable[..., RenderedDocument],
        may_retry: Callable[..., bool] | None = None,
        back: Callable[[RenderedDocument], str],
        template: str = "portal/document.html",
    ):
        self.app_name = app_name
        self.find = find
        # By default whoever may see a document may have it made again.
        self.may_retry = may_retry or (lambda user, document: True)
        self.back = back
        self.template = template

    def url(self, name: str, document: RenderedDocument) -> str:
        return reverse(f"{self.app_name}:{name}", args=[document.pk])

    @property
    def urlpatterns(self) -> list:
        return [
            path("documents/<int:pk>/", _get(self.detail), name="document"),
            path("documents/<int:pk>/status/", _get(self.status), name="document-status"),
            path("documents/<int:pk>/retry/", _post(self.retry), name="document-retry"),
            path("documents/<int:pk>/download/", _get(self.download), name="document-download"),
        ]

    def served_or_waiting(self, request, document: RenderedDocument):
        """The PDF of a document just asked for, when it is ready (made already if tasks run
        in-process), else its waiting page."""
        document.refresh_from_db()
        if document.is_ready:
            return pdf_response(request, document, document.download_name())
        return redirect(self.url("document", document))

    def detail(self, request, pk: int):
        document = self.find(request.user, pk)
        retry = document.can_be_made_again and self.may_retry(request.user, document)
        return render(
            request,
            self.template,
            {
                "document": document,
                "progress": documents.progress(document),
                "status_url": self.url("document-status", document),
                "download_url": self.url("document-download", document),
                "retry_url": self.url("document-retry", document) if retry else "",
                "back_url": self.back(document),
            },
        )

    def status(self, request, pk: int):
        document = self.find(request.user, pk)
        return status_response(document, self.url("document-download", document))

    def retry(self, request, pk: int):
        document = self.find(request.user, pk)
        if not self.may_retry(request.user, document):
            raise PermissionDenied
        documents.retry(document)  # nothing to do when someone else just did it
        return redirect(self.url("document", document))

    def download(self, request, pk: int):
        document = self.find(request.user, pk)
        if not document.is_ready:
            return redirect(self.url("document", document))
        return pdf_response(request, document, document.download_name())


def _get(view):
    return login_required(require_safe(view))


def _post(view):
    return login_required(require_POST(view))

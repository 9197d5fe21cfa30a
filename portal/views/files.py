import logging

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.models import Attachment
from portal.scoping import scope_queryset
from portal.security_events import record_download

log = logging.getLogger(__name__)


def open_stored(field_file: FieldFile):
    """The stored file opened for reading, or 404 when it is gone: a row whose file was
    lost from disk (a restore without media, seeded rows) is not a server error to the
    person following its link. Logged, so the operator hears of it."""
    if not field_file:
        raise Http404
    try:
        return field_file.open("rb")
    except FileNotFoundError:
        log.warning("Stored file missing: %s", field_file.name)
        raise Http404 from None


@require_GET
@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(scope_queryset(Attachment.objects.all(), request.user), pk=pk)
    response = FileResponse(
        open_stored(attachment.file),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    record_download(request, attachment, attachment.original_name)
    return response

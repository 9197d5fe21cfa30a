from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.models import Attachment
from portal.scoping import scope_queryset


@require_GET
@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(scope_queryset(Attachment.objects.all(), request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

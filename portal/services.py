"""Writes to the shared models. Each function runs in one transaction."""

from django.db import transaction

from portal.models import Attachment, Unit, User
from portal.uploads import validate_upload


@transaction.atomic
def attachment_create(*, unit: Unit, uploaded, uploaded_by: User, allowed=None) -> Attachment:
    """Check the upload's content and size, then store it under a random name.

    Raises ValidationError for a file that is not accepted; nothing is stored then.
    """
    content_type = validate_upload(uploaded, allowed=allowed)
    attachment = Attachment(
        unit=unit,
        original_name=uploaded.name[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=uploaded_by,
    )
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    return attachment


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])

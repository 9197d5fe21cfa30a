"""What the award views share: access checks that turn into 404/403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from awards import selectors
from awards.models import Programme
from awards.services import AwardError, can_administer


def programme_for_admin(user, pk: int) -> Programme:
    """404 if the person has nothing to do with the programme; 403 if they do not run it."""
    programme = selectors.programme_for_user(user, pk)
    if not can_administer(user, programme):
        raise PermissionDenied
    return programme


def report_error(request, error: AwardError) -> None:
    messages.error(request, str(error))

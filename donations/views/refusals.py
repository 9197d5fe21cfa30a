"""A refused form is shown again on its page, with what was typed, its errors beside
the fields and its chosen file kept (for the donations forms with one file field,
donations.forms.KeepsFileForm, through the shared helpers in portal.files)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from portal.files import discard_uploads, kept_uploads, store_uploads


def claim_kept(request, field: str, *, unit) -> list:
    """The files a refused try of this form kept (hidden `kept_<field>` ids) that this
    person uploaded for this unit and nothing uses yet; anything else claims nothing."""
    return kept_uploads(request.POST.getlist(f"kept_{field}"), unit=unit, user=request.user)


def store_file(request, form, *, unit) -> list:
    """Store the form's newly chosen file now (content and size checked), even when
    another field is wrong, and return the file the next step uses: [] or [one]; the form
    shows it as kept if it is shown again. A new file replaces a kept one, which is
    discarded. Call form.is_valid() first."""
    stored = store_uploads(form, form.file_field, unit=unit, user=request.user, kept=form.kept)
    new = stored[len(form.kept) :]
    if new:
        discard_uploads(form.kept)
        stored = new[-1:]
    form.keep(stored)
    return stored


def refused(request) -> None:
    """The line at the top of a page re-shown with a refused form further down."""
    messages.error(request, _("Nothing was saved: correct what is marked in the form below."))


def add_validation_error(form, error) -> None:
    """A model's ValidationError from a service: each message beside its field when the
    form has that field, the rest at the top of the form (never a field it lacks)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)

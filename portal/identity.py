"""One identity per person: a mobile number or an email belongs to one account (database
constraints on User). Forms where an account's phone or email is typed normalise it and
say beside the field when another account has it, rather than failing on the constraint.
Sign-up says neither which is taken (donations.signup), so it does its own check."""

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.db.models import Q

from portal.encryption import blind_indexes, normalise_phone
from portal.models import User

# The messages are the constraints' own, so a form and the database say the same.
_CONSTRAINTS = {constraint.name: constraint for constraint in User._meta.constraints}
PHONE_TAKEN = _CONSTRAINTS["user_phone_unique"].violation_error_message
EMAIL_TAKEN = _CONSTRAINTS["user_email_unique"].violation_error_message


def normalise_email(value: str) -> str:
    # The domain is case-insensitive; the rest is compared without case (the constraint's
    # Lower("email")) but kept as the person typed it.
    return BaseUserManager.normalize_email((value or "").strip())


def with_phone(phone: str) -> Q:
    """The accounts with this mobile number, however either was typed: the number is
    encrypted, so this compares its blind index (the normalised number's), under the
    current key and, while keys rotate, the old ones. Nothing for an empty number."""
    context = User._meta.get_field("phone").context
    return Q(phone_index__in=blind_indexes(phone, context=context))


def phone_in_use(phone: str, *, exclude_pk=None) -> bool:
    """Whether another account has this number, also one stored before numbers were
    normalised ("139 1234 5678")."""
    return User.objects.exclude(pk=exclude_pk).filter(with_phone(phone)).exists()


def email_in_use(email: str, *, exclude_pk=None) -> bool:
    return User.objects.exclude(pk=exclude_pk).filter(email__iexact=email).exists()


class UniqueIdentityMixin:
    """For a ModelForm of User with a `phone` and/or `email` field: both normalised, and
    refused beside the field when they belong to another account."""

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone"))
        if phone and phone_in_use(phone, exclude_pk=self.instance.pk):
            raise ValidationError(PHONE_TAKEN, code="phone_taken")
        return phone

    def clean_email(self):
        email = normalise_email(self.cleaned_data.get("email"))
        if email and email_in_use(email, exclude_pk=self.instance.pk):
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
        return email

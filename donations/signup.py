"""Caring people (爱心人士) register themselves to light up micro-wishes: the sign-up form
and the service that creates the account. A caring person is a User with no membership,
so no unit's page, report or figure is theirs to see; their name and phone reach only the
helping unit whose wish they light up."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.encryption import normalise_phone
from portal.forms import HoneypotMixin, honeypot_layout
from portal.identity import with_phone
from portal.models import User

# Sign-up attempts (every form posted, accepted or not) from one address in an hour. Enough
# for a family or an office sharing one address; few enough to make bulk accounts and
# probing for taken names or phones slow.
SIGNUPS_PER_HOUR = 10

# A mainland mobile number: 11 digits, 1 then 3–9 (no mobile prefix starts 10, 11 or 12).
MOBILE = re.compile(r"1[3-9]\d{9}")


# Spaces, hyphens and a leading +86 / 0086 are how people write their number; what is
# stored is the 11 digits alone, so a duplicate is found however it was typed.
normalise_mobile = normalise_phone


def validate_mobile(value: str) -> None:
    if not MOBILE.fullmatch(value):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 1, e.g. 13912345678."),
            code="invalid_mobile",
        )


def identity_taken(*, phone: str, email: str) -> bool:
    """One person, one account: a mobile number or an email address belongs to one person
    (and a reset mail must not reach two accounts). The phone through its blind index."""
    return User.objects.filter(with_phone(phone) | Q(email__iexact=email)).exists()


# Refusing a number or an address already in use cannot help telling that it is; the one
# message says neither which of the two, and comes only for an otherwise valid sign-up (so
# after the password checks), and the hourly limit on sign-ups keeps probing slow.
IDENTITY_TAKEN = _(
    "This mobile number or email address cannot be used for a new account. If you have an "
    "account already, sign in or reset your password."
)


class SignupForm(HoneypotMixin, UserCreationForm):
    """UserCreationForm checks the user name (also against names differing only in case)
    and runs the two passwords through AUTH_PASSWORD_VALIDATORS, with the user name and
    email in hand for the similarity check."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=60,
        help_text=_("Shown to the helping unit whose wish you light up, never to the public."),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("So that the helping unit can reach you about a wish you light up."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # Required: the portal resets a forgotten password only by a link sent to this address;
    # without one a caring person could not get back in without the staff.
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("If you forget your password, the link to set a new one is sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    agree = forms.BooleanField(
        label=_(
            "I agree that the helping unit of a wish I light up sees my name and may call my "
            "mobile number about it. Neither is shown to the public."
        ),
        error_messages={"required": _("Please agree, or the helping unit cannot contact you.")},
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "phone", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "What you type to sign in: letters, digits and @ . + - _ only, up to 150 characters."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("username"),
            Field("full_name"),
            Field("phone"),
            Field("email"),
            Field("password1"),
            Field("password2"),
            Field("agree"),
            honeypot_layout(),
        )

    def _get_validation_exclusions(self):
        # The sign-up service checks these against other accounts, saying of neither which
        # one is in use; the model's own uniqueness message would say.
        return super()._get_validation_exclusions() | {"phone", "email"}

    def clean_phone(self):
        phone = normalise_mobile(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def kept_input(self) -> dict:
        """What the person typed, to show again on a refused sign-up: never the passwords,
        nor the honeypot."""
        kept = ("username", "full_name", "phone", "email", "agree")
        return {name: self.data.get(name) for name in kept if self.data.get(name)}


class SignupRefused(Exception):
    """A sign-up the service will not make; `error` maps field names to messages."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


# The history's reason for an account a caring person made themselves (not staff).
REGISTERED = "donations.caring_person.registered"


def is_caring_person(user) -> bool:
    """A member of the public who signed up to light up wishes and holds no role since:
    their pages speak to them, not to a clerk waiting to be added to a unit. One query
    (two for a person with no membership)."""
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return False
    if user.memberships.exists():
        return False
    return User.history.filter(
        id=user.pk, history_type="+", history_change_reason=REGISTERED
    ).exists()


@transaction.atomic
def caring_person_register(
    *, username: str, full_name: str, phone: str, email: str, password: str
) -> User:
    """Create a caring person's account: active, no memberships, no staff or admin rights,
    Chinese as their language. One transaction; nothing else is written, no mail is sent.
    Raises SignupRefused for a taken user name, phone or email, or a value the model refuses.

    Uniqueness is the database's to enforce: of two people sending the same name, phone or
    email at once, one gets the account and the other SignupRefused.
    """
    user = User(
        username=username,
        full_name=full_name,
        phone=phone,
        email=User.objects.normalize_email(email),
        language=settings.LANGUAGE_CODE,
        is_staff=False,
        is_superuser=False,
    )
    user.set_password(password)
    try:
        # Uniqueness is checked below, saying of a phone or email in use neither which.
        user.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise SignupRefused(error) from error
    name_taken = ValidationError({"username": user.unique_error_message(User, ["username"])})
    if User.objects.filter(username__iexact=username).exists():
        raise SignupRefused(name_taken)
    if identity_taken(phone=phone, email=user.email):
        raise SignupRefused(ValidationError(IDENTITY_TAKEN, code="identity_taken"))
    # simple_history records the creation; the reason says it was not made by staff.
    user._change_reason = REGISTERED
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        if identity_taken(phone=phone, email=user.email):
            raise SignupRefused(ValidationError(IDENTITY_TAKEN, code="identity_taken")) from error
        raise SignupRefused(name_taken) from error
    return user

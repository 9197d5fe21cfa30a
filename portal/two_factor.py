"""Two-factor sign-in (身份鉴别, MLPS 2.0 level 3): an authenticator app (TOTP) and ten
one-time recovery codes, kept by django-otp.

A person signs in with their password (django.contrib.auth.login) and is then, if they have
an authenticator, asked for a code on a second page. Until they give one, or, when a role
of theirs is in the security policy's `two_factor_roles`, until they have enrolled and
given one, TwoFactorMiddleware lets them reach only the two-factor pages, sign-out and the
language switch. The verified state is django-otp's: OTPMiddleware (which must come before
TwoFactorMiddleware) reads the device that verified the session from `otp_device_id`.
"""

import math
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import journal
from portal.models import Role, User
from portal.scoping import roles_of
from portal.security import current_policy

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"

# Set at sign-in for a person who has an authenticator, whatever their roles: the code is
# asked of everyone who set one up, not only of those whose role requires it.
SESSION_CODE_DUE = "two_factor_code_due"

journal.register(
    {
        "portal.two_factor.enrolled": gettext_lazy("Two-step sign-in turned on"),
        "portal.two_factor.removed": gettext_lazy("Two-step sign-in turned off"),
        "portal.two_factor.reset": gettext_lazy("Two-step sign-in reset by an administrator"),
        "portal.two_factor.recovery_codes_renewed": gettext_lazy("New recovery codes made"),
    }
)


class CodeRefused(Exception):
    """A code that was wrong, or tried while django-otp's throttle holds the device."""

    def __init__(self, wait_seconds: int = 0):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


# --- Reads --------------------------------------------------------------------------------


def authenticator_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_required(user: User) -> bool:
    """Does a role of the person's require two-step sign-in under the policy in force?
    A superuser counts as an administrator. No query when the policy requires it of
    nobody; otherwise the roles the navigation reads on every page anyway."""
    roles = set(current_policy().two_factor_roles or ())
    if not roles or not user.is_authenticated:
        return False
    if user.is_superuser:
        return Role.ADMIN in roles
    return bool(roles_of(user) & roles)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def secret_groups(device: TOTPDevice) -> list[str]:
    """The secret as an app asks for it when typed in (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def authenticator_start(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the person's unconfirmed one, or a new one. It does
    not count (no code is asked for it, nor accepted) until `authenticator_confirm`."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_confirm(
    *, user: User, device: TOTPDevice, code: str, address: str | None
) -> list[str]:
    """Confirm the authenticator with the first code it shows, and make the recovery codes.

    One transaction for the confirmation; the failed try is counted by django-otp's
    throttle in a transaction of its own, so that the CodeRefused raised for a wrong code
    does not roll the count back. Journals "portal.two_factor.enrolled". Returns the codes,
    which are shown once.
    """
    wait = _throttle_wait(device)
    if wait:
        raise CodeRefused(wait)
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
        # None: set up meanwhile in another tab, which replaced this one.
        verified = locked is not None and locked.verify_token(normalise_code(code))
    if not verified:
        raise CodeRefused()
    with transaction.atomic():
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        codes = _recovery_codes_replace(user)
        journal.record("portal.two_factor.enrolled", actor=user, target=user, address=address)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User, address: str | None) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Returns the new codes."""
    codes = _recovery_codes_replace(user)
    journal.record(
        "portal.two_factor.recovery_codes_renewed", actor=user, target=user, address=address
    )
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    tokens = _distinct_tokens(RECOVERY_CODE_COUNT)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in tokens])
    return [format_recovery_code(t) for t in tokens]


def _distinct_tokens(count: int) -> list[str]:
    tokens: list[str] = []
    while len(tokens) < count:
        token = StaticToken.random_token()
        if token not in tokens:
            tokens.append(token)
    return tokens


@transaction.atomic
def two_factor_remove(*, user: User, address: str | None) -> None:
    """The person turns two-step sign-in off: their authenticator and recovery codes go.
    Journals "portal.two_factor.removed"."""
    _devices_delete(user)
    journal.record("portal.two_factor.removed", actor=user, target=user, address=address)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, address: str | None) -> None:
    """An administrator clears a person's second factor (a lost phone): the person signs in
    with their password and, if their role requires it, sets up an authenticator again.
    Their signed-in sessions lose the verified state at their next request (the device they
    verified with is gone). Journals "portal.two_factor.reset"."""
    _devices_delete(user)
    journal.record("portal.two_factor.reset", actor=actor, target=user, address=address)


def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def normalise_code(code: str) -> str:
    """What a person types, as the devices store it: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def code_verify(*, user: User, code: str) -> Device:
    """The confirmed device that accepts `code`: six digits are the authenticator's, anything
    else a recovery code (used up by this). Raises CodeRefused for a wrong code or one tried
    while django-otp's throttle holds the device (1, 2, 4, 8 ... seconds after each failure).
    """
    token = normalise_code(code)
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        if device is None:
            wait, verified = 0, False
        else:
            wait = _throttle_wait(device)
            verified = not wait and device.verify_token(token)
    if not verified:
        raise CodeRefused(wait)
    return device


def _throttle_wait(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    until = (data or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


@receiver(user_logged_in)
def _ask_code_of_those_with_an_authenticator(sender, request, user, **kwargs):
    """Whoever set up an authenticator is asked for a code after the password, however they
    signed in (the sign-in page, the admin's)."""
    session = getattr(request, "session", None)
    if session is not None and has_authenticator(user):
        session[SESSION_CODE_DUE] = True


# --- The gate -----------------------------------------------------------------------------

# Reachable before the second step: the two-factor pages, signing out, the language switch
# and the health probe. (Static files are served before any view.) Another middleware that
# redirects signed-in people (password expiry) must let the two-factor pages through too,
# or the two would send a person back and forth.
OPEN_VIEWS = frozenset(
    {
        "two-factor",
        "two-factor-setup",
        "two-factor-verify",
        "two-factor-recovery-codes",
        "two-factor-remove",
        "logout",
        "admin:logout",
        "set_language",
        "health",
        # What session.js asks on every page, the two-factor pages included.
        "session-status",
        "session-ping",
        "javascript-catalog",
    }
)


class TwoFactorMiddleware:
    """Keeps a signed-in person who still owes a second factor on the two-factor pages.

    After OTPMiddleware and MessageMiddleware. Costs no query for a person who owes nothing
    when the policy requires two factors of nobody; otherwise the role lookup the page's
    navigation makes anyway (scoping.roles_of caches it on the user).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        code_due = request.session.get(SESSION_CODE_DUE, False)
        if not code_due and not is_required(user):
            return None
        if code_due or has_authenticator(user):
            return _send_to(request, "two-factor-verify")
        messages.warning(
            request,
            _(
                "Your role requires two-step sign-in: set up an authenticator app on your "
                "phone to go on. It takes a minute."
            ),
        )
        return _send_to(request, "two-factor-setup")


def _send_to(request, name: str) -> HttpResponse:
    url = reverse(name)
    if request.method in ("GET", "HEAD"):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        # htmx would put the page into the fragment it asked for: have it load the page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def forget_verification(request) -> None:
    """The session's verified state ends (its device was removed)."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SESSION_CODE_DUE, None)

"""Making, revoking and using API tokens. Each writes the portal journal."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api import journal as codes
from api.models import DEFAULT_LIFETIME, KEY_LENGTH, ApiToken, digest, new_secret
from portal import journal, two_factor
from portal.models import User

LAST_USE_PRECISION = timedelta(minutes=1)


class TokenRefused(Exception):
    """The token is unknown, expired or revoked; the message is for the client."""


def may_create_token(user: User) -> bool:
    """Two factors, where the person's role requires them: the token acts as the person
    for up to a year, so it is made only by a session that gave its second factor."""
    return not two_factor.is_required(user) or two_factor.is_verified(user)


@transaction.atomic
def token_create(
    *, user: User, name: str, lifetime: timedelta = DEFAULT_LIFETIME, address: str | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the secret, which is never stored and cannot be
    shown again. One transaction with its journal entry."""
    if not may_create_token(user):
        raise PermissionDenied
    secret = new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        key=secret[:KEY_LENGTH],
        hashed=digest(secret),
        created_at=now,
        expires_at=now + lifetime,
    )
    journal.record(
        codes.TOKEN_CREATED,
        actor=user,
        target=token,
        data={"name": token.name, "key": token.key, "expires": token.expires_at.isoformat()},
        address=address,
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, user: User, address: str | None = None) -> ApiToken:
    """Revoke one of the person's own tokens; revoking it again changes nothing."""
    if token.user_id != user.pk:
        raise PermissionDenied
    if ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now()):
        journal.record(
            codes.TOKEN_REVOKED,
            actor=user,
            target=token,
            data={"name": token.name, "key": token.key},
            address=address,
        )
    token.refresh_from_db()
    return token


def token_authenticate(secret: str) -> ApiToken:
    """The live token `secret` is, with its person; TokenRefused otherwise."""
    token = (
        ApiToken.objects.select_related("user").filter(key=secret[:KEY_LENGTH]).first()
        if len(secret) > KEY_LENGTH
        else None
    )
    if token is None or not token.matches(secret):
        raise TokenRefused(_("The token is not valid."))
    if token.revoked_at is not None:
        raise TokenRefused(_("The token has been revoked."))
    if token.is_expired:
        raise TokenRefused(_("The token has expired."))
    if not token.user.is_active:
        raise TokenRefused(_("The token's account is disabled."))
    return token


def token_record_use(*, token: ApiToken, method: str, path: str, address: str | None) -> None:
    """Every use of a token in the journal (MLPS 2.0 安全审计), and its last use on the row
    to the minute that the tokens page shows: a program calling many times a minute does not
    write the row each time."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    journal.record(
        codes.TOKEN_USED,
        actor=token.user,
        target=token,
        data={"key": token.key, "method": method, "path": path[:300]},
        address=address,
    )

"""API tokens: a person's key for the systems around the portal.

A token is shown once when it is made; only its SHA-256 digest is stored, with the first
characters in clear (`key`) to find the row. A token acts with exactly its person's scope.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# "pat_" (portal access token) then 43 URL-safe characters: 32 random bytes.
TOKEN_TAG = "pat_"  # noqa: S105 (a prefix, not a secret)
# The token's first characters, kept in clear to find its row: the tag and 8 random ones.
KEY_LENGTH = len(TOKEN_TAG) + 8
DEFAULT_LIFETIME = timedelta(days=90)


def new_secret() -> str:
    return TOKEN_TAG + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the county news system."),
    )
    # Unique, so its index serves every request's lookup by the token's first characters.
    key = models.CharField(_("key"), max_length=KEY_LENGTH, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def matches(self, token: str) -> bool:
        return secrets.compare_digest(self.hashed, digest(token))

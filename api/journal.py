"""The action codes the API writes to the portal journal, with their labels."""

from django.utils.translation import gettext_lazy

from portal import journal

# Action codes, not secrets (ruff takes "TOKEN" for a password).
TOKEN_CREATED = "api.token.created"  # noqa: S105
TOKEN_REVOKED = "api.token.revoked"  # noqa: S105
TOKEN_USED = "api.token.used"  # noqa: S105

LABELS = {
    TOKEN_CREATED: gettext_lazy("API token created"),
    TOKEN_REVOKED: gettext_lazy("API token revoked"),
    TOKEN_USED: gettext_lazy("API token used"),
}

journal.register(LABELS)

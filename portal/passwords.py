"""The password policy (MLPS level 3, identity): length, complexity, no reuse of the last few,
and expiry, each read from the security policy the security administrator sets
(portal.security.current_policy). The validators are named in AUTH_PASSWORD_VALIDATORS, so
every form that sets a password (change, reset, sign-up, the admin) refuses a weak one
beside its field."""

from datetime import timedelta

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import PasswordHistory, User
from portal.security import current_policy

# The passwords kept per person: the policy's largest allowed history, so that raising the
# policy's number later still finds the passwords it now covers.
HISTORY_KEPT = 24


class PolicyMinimumLengthValidator(MinimumLengthValidator):
    """Django's length rule (and its translated message) at the policy's length."""

    def __init__(self):
        pass

    @property
    def min_length(self):
        return current_policy().password_min_length


def character_kinds(password: str) -> int:
    """How many of upper-case letters, lower-case letters, digits and symbols it holds."""
    return sum(
        [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class ComplexityValidator:
    """At least three of the four kinds of character."""

    def validate(self, password, user=None):
        if character_kinds(password) < 3:
            raise ValidationError(
                _(
                    "This password is too simple. Use at least three of these four: "
                    "upper-case letters, lower-case letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "Your password must use at least three of these four: upper-case letters, "
            "lower-case letters, digits and symbols."
        )


class PasswordHistoryValidator:
    """No reuse of the last `policy.password_history` passwords, and, on every change, the
    new one kept (its hash) and the date it was set, from which expiry counts."""

    def validate(self, password, user=None):
        count = current_policy().password_history
        if user is None or user.pk is None or count == 0:
            return
        recent = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count]
        )
        # The password in use counts as the latest, whether or not it was kept (a person
        # whose password was set before this policy, or straight into the database).
        if user.password and user.password not in recent:
            recent = [user.password, *recent[: count - 1]]
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(
                ngettext(
                    "You have used this password recently. Choose one that is not the same "
                    "as your last one.",
                    "You have used this password recently. Choose one that is not among "
                    "your last %(count)d.",
                    count,
                )
                % {"count": count},
                code="password_reused",
            )

    def get_help_text(self):
        count = current_policy().password_history
        if not count:
            return ""
        return ngettext(
            "Your password cannot be the same as your last one.",
            "Your password cannot be one of your last %(count)d.",
            count,
        ) % {"count": count}

    def password_changed(self, password, user=None):
        """Called by User.save() after set_password: keeps the new hash, forgets all but the
        last HISTORY_KEPT, and starts the new password's age. Runs in the caller's
        transaction (three queries)."""
        if user is None or user.pk is None:
            return
        now = timezone.now()
        PasswordHistory.objects.create(user=user, password=user.password, created_at=now)
        kept = PasswordHistory.objects.filter(user=user).values("pk")[:HISTORY_KEPT]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=Subquery(kept)).delete()
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now


def password_expired(user, *, now=None) -> bool:
    """Whether the person's password is older than the policy allows (0 days: never)."""
    days = current_policy().password_max_age_days
    if not days:
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > timedelta(days=days)

"""The security policy in force: one row the security administrator sets, read through the
cache (one database read after each change, not one per request) and kept for the rest of
the request once read (the middleware, axes and the pages ask for it several times)."""

from contextvars import ContextVar
from datetime import timedelta

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy

from portal import journal, versions
from portal.models import SecurityPolicy, User

CACHE_KEY = "security-policy"

# The fields the security administrator sets on the policy page (all but the version).
POLICY_FIELDS = (
    "failure_limit",
    "cooloff_minutes",
    "password_min_length",
    "password_max_age_days",
    "password_history",
    "two_factor_roles",
    "idle_minutes",
    "session_hours",
    "single_session",
)

journal.register(
    {"portal.security_policy.changed": gettext_lazy("Security policy changed")},
)


_in_request: ContextVar[bool] = ContextVar("in_request", default=False)
_request_policy: ContextVar[SecurityPolicy | None] = ContextVar("request_policy", default=None)


@receiver(request_started)
def _request_begins(**kwargs):
    _in_request.set(True)
    _request_policy.set(None)


@receiver(request_finished)
def _request_ends(**kwargs):
    _in_request.set(False)
    _request_policy.set(None)


def current_policy() -> SecurityPolicy:
    policy = _request_policy.get()
    if policy is not None:
        return policy
    policy = cache.get(CACHE_KEY)
    if policy is None:
        policy, _ = SecurityPolicy.objects.get_or_create(pk=1)
        cache.set(CACHE_KEY, policy, timeout=None)
    if _in_request.get():
        _request_policy.set(policy)
    return policy


@receiver(post_save, sender=SecurityPolicy)
def _forget_cached_policy(sender, **kwargs):
    _request_policy.set(None)
    cache.delete(CACHE_KEY)
    # Again after the commit: a request between the save and the commit would have cached
    # the old row again, for good.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: wrong passwords before a lockout, as the policy says."""
    return current_policy().failure_limit


def cooloff_time(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a lockout lasts, as the policy says."""
    return timedelta(minutes=current_policy().cooloff_minutes)


def security_policy_update(
    *, version: int, changes: dict, actor: User, address: str | None
) -> SecurityPolicy:
    """Write `changes` to the policy if it is still at `version` (raises
    versions.StaleVersion if not), with its simple-history row and a journal entry holding
    the values before and after. One transaction; the cached policy is dropped after it
    commits. Nothing is written when nothing changed."""
    policy = current_policy()
    with transaction.atomic():
        current = versions.lock(SecurityPolicy, policy, version)
        before = {field: getattr(current, field) for field in POLICY_FIELDS}
        changed = [field for field, value in changes.items() if before[field] != value]
        if not changed:
            return current
        for field in changed:
            setattr(current, field, changes[field])
        versions.bump(current, user=actor, fields=changed)
        journal.record(
            "portal.security_policy.changed",
            actor=actor,
            target=current,
            data={
                "before": {field: before[field] for field in changed},
                "after": {field: changes[field] for field in changed},
            },
            address=address,
        )
    return current

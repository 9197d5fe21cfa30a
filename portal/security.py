"""The security policy in force: one row the security administrator sets, read on every
request through the cache (one database read after each change, not one per request)."""

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.models import SecurityPolicy

CACHE_KEY = "security-policy"


def current_policy() -> SecurityPolicy:
    policy = cache.get(CACHE_KEY)
    if policy is None:
        policy, _ = SecurityPolicy.objects.get_or_create(pk=1)
        cache.set(CACHE_KEY, policy, timeout=None)
    return policy


@receiver(post_save, sender=SecurityPolicy)
def _forget_cached_policy(sender, **kwargs):
    cache.delete(CACHE_KEY)

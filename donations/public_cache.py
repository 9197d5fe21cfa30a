"""Public pages are cached: their figures are computed once per minute at most, and any
write in donations moves a version number so the next visitor sees fresh figures."""

from django.core.cache import cache

TIMEOUT = 60
VERSION_KEY = "donations:public:version"


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(key: str, compute):
    full_key = f"donations:public:{version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value

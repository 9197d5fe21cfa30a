"""A fixed-window counter per client address, for the forms anyone may post without
signing in (pledge intentions, caring-person sign-up). Kept in the cache: a limit that
forgets after a restart is acceptable, one that needs a table is not worth it."""

from django.core.cache import cache

from portal.views.account import client_ip


def rate_limited(request, scope: str, *, limit: int, window: int = 60 * 60) -> bool:
    """Count this attempt against `scope` for the client's address; True once the address
    has made more than `limit` attempts within the current window of `window` seconds.

    The address is the one the sign-in lockout uses (`client_ip`), so a client cannot
    dodge the limit by writing its own X-Forwarded-For.
    """
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    # add() starts the window only if no window is running; incr() then counts atomically.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this attempt opens a new one.
        cache.set(key, 1, window)
        count = 1
    return count > limit

"""A fixed-window counter per client address (or mailbox), for the forms anyone may post
without signing in (pledge intentions, caring-person sign-up, password reset). Kept in the
cache: a limit that forgets after a restart is acceptable, one that needs a table is not
worth it."""

from django.core.cache import cache

from portal.views.account import client_ip


def rate_limited(request, scope: str, *, limit: int, window: int = 60 * 60) -> bool:
    """Count this attempt against `scope` for the client's address; True once the address
    has made more than `limit` attempts within the current window of `window` seconds.

    The address is the one the sign-in lockout uses (`client_ip`), so a client cannot
    dodge the limit by writing its own X-Forwarded-For.
    """
    return over_limit(f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window=window)


def over_limit(key: str, *, limit: int, window: int = 60 * 60) -> bool:
    """Count this attempt against `key` (anything an attempt is counted by: an address, a
    mailbox); True once more than `limit` attempts were made within the current window."""
    key = f"ratelimit:{key}"
    # add() starts the window only if no window is running; incr() then counts atomically.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this attempt opens a new one.
        cache.set(key, 1, window)
        count = 1
    return count > limit

"""Reads of the heavy read-only pages from a streaming replica, when there is one.

With `DATABASE_REPLICA_URL` set, portal.settings adds a `replica` database, installs
`ReplicaRouter` and puts `ReadYourWritesMiddleware` first. A view marked
`@reads_from_replica` (completeness, assessment, search, the home page, the public
disclosure pages, the summaries' previews) then reads from the replica; everything else, a
worker, a command, reads from the primary, and every write goes to the primary.

A replica is a little behind. So that nobody misses what they have just done, a person's
reads go to the primary for `REPLICA_STICKY_SECONDS` after any request of theirs that could
write (a POST) or did write (a GET that records an export): the middleware gives them a
signed, timestamped cookie, and a marked page reads the primary while it is fresh. Within a
request, once anything is written, or inside a transaction, reads go to the primary too.

Without a replica none of this is installed: every query goes to `default` as before.
"""

import functools
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

DEFAULT = "default"
REPLICA = "replica"
COOKIE = "read_primary"
_SALT = "portal.db_router:read_primary"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Sign-in state is never read from a replica: a session just ended or a second factor just
# given counts at once, however little the replica lags. Writing it (a session saved on
# every request) is then no reason to send the person's other reads to the primary.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_otp", "otp_static", "otp_totp"})


@dataclass
class _Request:
    primary_only: bool  # the person wrote within the last few seconds, or may write now
    replica: bool = False  # inside a view marked @reads_from_replica
    wrote: bool = False  # something was written during this request


# Set by the middleware for the length of one request; None in workers and commands.
_current: ContextVar[_Request | None] = ContextVar("portal_db_request", default=None)


def reads_from_replica(view):
    """Mark a read-only view whose queries may go to the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        state = _current.get()
        if state is None:  # no replica configured: the middleware is not installed
            return view(request, *args, **kwargs)
        before, state.replica = state.replica, True
        try:
            return view(request, *args, **kwargs)
        finally:
            state.replica = before

    return wrapped


class ReadYourWritesMiddleware:
    """Remembers, in a signed cookie good for REPLICA_STICKY_SECONDS, that a person has just
    written, and tells the router for each request whether that person may read the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        may_write = request.method not in _SAFE_METHODS
        state = _Request(primary_only=may_write or self._wrote_recently(request))
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if may_write or state.wrote:
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=_SALT,
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _wrote_recently(request) -> bool:
        # The signature's own timestamp decides, not the browser's clock or the cookie's
        # expiry: an old or forged cookie only sends its holder's reads to the primary.
        value = request.get_signed_cookie(
            COOKIE, default=None, salt=_SALT, max_age=settings.REPLICA_STICKY_SECONDS
        )
        return value is not None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _current.get()
        if (
            state is None
            or not state.replica
            or state.primary_only
            or state.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or REPLICA not in settings.DATABASES
            # A transaction reads its own writes, and what it writes may depend on what it
            # read: both on the primary.
            or connections[DEFAULT].in_atomic_block
        ):
            return DEFAULT
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state.wrote = True
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        # Rows read from the replica are the primary's rows: a new row may point at them.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT

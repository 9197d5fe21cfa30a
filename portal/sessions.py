"""Session controls (MLPS level 3): an idle timeout, an absolute limit, one live session per
account, and the password expiry that sends a person to change it. All read the security
policy (portal.security.current_policy, cached) and the user row that authentication has
already loaded: no query of their own on an ordinary request.

Requests that a page's script makes by itself (polling a document's status, asking how long
the session has left) say so with the PASSIVE_HEADER header: they do not count as activity,
so a page left open on a waiting document still ends its session when its person has gone.
"""

import time

from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import User
from portal.passwords import password_expired
from portal.scoping import roles_of
from portal.security import current_policy

# The header (X-Session-Passive: 1) of a request a script makes without the person acting.
PASSIVE_HEADER = "HTTP_X_SESSION_PASSIVE"

# Keys in the session: when it was signed in, when its person last did something, and the
# sign-in it belongs to (kept in the session, so that Django's cycle_key after a password
# change keeps it; the same value is the user's live_session_key while it is the live one).
SIGNED_IN_AT = "_signed_in_at"
LAST_ACTIVITY = "_last_activity"
SIGN_IN_KEY = "_sign_in_key"

# How long before the end session.js warns that the session is about to end.
WARNING_SECONDS = 120

# Activity is written to the session at most this often, not on every request (each write
# is a database write); the idle limit is in minutes, so a few seconds' slack is harmless.
ACTIVITY_GRANULARITY = 15

# Pages a person with an expired password may still reach: the way out and the way to a
# new password (and what those pages themselves call). The two-factor pages too (every view
# name starting EXPIRY_EXEMPT_PREFIX): the second step comes before the new password, and a
# page that each gate sent to the other would send the person back and forth.
EXPIRY_EXEMPT_PREFIX = "two-factor"
EXPIRY_EXEMPT = frozenset(
    {
        "logout",
        "admin:logout",
        "password_change",
        "password_change_done",
        "set_language",
        "session-ping",
        "session-status",
        "javascript-catalog",
    }
)


def is_passive(request) -> bool:
    return request.META.get(PASSIVE_HEADER) == "1"


def idle_seconds_left(request, *, now=None) -> int | None:
    """Seconds until the session ends for want of activity (or its absolute limit); None
    when neither limit is on. (0 turns a limit off: only the test settings use it.)"""
    policy = current_policy()
    now = int(now or time.time())
    session = request.session
    ends = []
    if policy.idle_minutes:
        ends.append(session.get(LAST_ACTIVITY, now) + policy.idle_minutes * 60)
    if policy.session_hours:
        ends.append(session.get(SIGNED_IN_AT, now) + policy.session_hours * 3600)
    if not ends:
        return None
    return max(0, int(min(ends) - now))


def mark_activity(request, *, now=None) -> None:
    request.session[LAST_ACTIVITY] = int(now or time.time())


@receiver(user_logged_in)
def _start_session(sender, request, user, **kwargs):
    """A sign-in starts the clocks and becomes the person's one live session: any other
    session of theirs ends at its next request."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY] = now
    key = request.session.session_key or ""
    request.session[SIGN_IN_KEY] = key
    # `user` may be request.user, a lazy object whose type is no model.
    User.objects.filter(pk=user.pk).update(live_session_key=key)
    user.live_session_key = key


def _why_ended(request, now) -> str | None:
    """Why this signed-in session must end now, or None."""
    policy = current_policy()
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    last_activity = session.get(LAST_ACTIVITY)
    if policy.single_session:
        live = request.user.live_session_key
        if live and session.get(SIGN_IN_KEY) != live:
            return _(
                "You were signed out here because you signed in elsewhere. Only one session "
                "per account is allowed; if that was not you, change your password."
            )
    hours, minutes = policy.session_hours, policy.idle_minutes
    if hours and signed_in_at is not None and now - signed_in_at > hours * 3600:
        return ngettext(
            "You were signed out because you had been signed in for %(hours)d hour. "
            "Please sign in again.",
            "You were signed out because you had been signed in for %(hours)d hours. "
            "Please sign in again.",
            hours,
        ) % {"hours": hours}
    if minutes and last_activity is not None and now - last_activity > minutes * 60:
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Please sign in again.",
            "You were signed out after %(minutes)d minutes without activity. Please sign in again.",
            minutes,
        ) % {"minutes": minutes}
    return None


class SessionPolicyMiddleware:
    """Ends a session that has been idle too long, has lasted too long or is no longer the
    person's live one, saying why on the sign-in page; records activity; and sends a staff
    member whose password has expired to change it. After AuthenticationMiddleware and
    MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = _why_ended(request, now)
            if reason is not None:
                return self._end(request, reason)
            session = request.session
            # A session from before these controls starts its clocks now.
            session.setdefault(SIGNED_IN_AT, now)
            if LAST_ACTIVITY not in session or (
                not is_passive(request) and now - session[LAST_ACTIVITY] >= ACTIVITY_GRANULARITY
            ):
                mark_activity(request, now=now)
            if SIGN_IN_KEY not in session and not user.live_session_key:
                # Signed in before these controls: this session becomes the live one.
                _start_session(None, request=request, user=user)
        return self.get_response(request)

    def _end(self, request, reason):
        passive = is_passive(request)
        path = request.get_full_path()
        logout(request)
        messages.warning(request, reason)
        if passive:
            return JsonResponse({"remaining": 0, "signed_out": True}, status=401)
        return redirect_to_login(path if request.method == "GET" else "/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_passive(request):
            return None
        view_name = request.resolver_match.view_name
        if view_name in EXPIRY_EXEMPT or view_name.startswith(EXPIRY_EXEMPT_PREFIX):
            return None
        if not password_expired(user) or not must_renew_password(user):
            return None
        days = current_policy().password_max_age_days
        messages.warning(
            request,
            ngettext(
                "Your password has expired: it is more than %(days)d day old. Choose a new "
                "one to go on.",
                "Your password has expired: it is more than %(days)d days old. Choose a new "
                "one to go on.",
                days,
            )
            % {"days": days},
        )
        url = reverse("password_change")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def must_renew_password(user) -> bool:
    """Whether expiry applies to this person. It applies to the portal's staff: anyone with
    a role in a unit, and Django staff and superusers, who reach personal data and the
    portal's settings. Caring people (public sign-up, no role) are members of the public
    who light up a micro-wish now and then: a password that expired between two visits
    would only send them to reset it by mail, and guards nothing of anyone else's; length,
    complexity, history and the lockout still apply to them."""
    return user.is_staff or user.is_superuser or bool(roles_of(user))


def safe_next(request) -> str | None:
    """The `next` of a request when it is a path on this site, else None."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def session_timeout_context(request):
    """For base.html's session meta tag (static/js/session.js): how long this session has
    left without activity, and how early to warn."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    remaining = idle_seconds_left(request)
    if remaining is None:
        return {}
    return {"session_timeout": {"remaining": remaining, "warn": WARNING_SECONDS}}

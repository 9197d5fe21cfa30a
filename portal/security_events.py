"""Security events in the journal (MLPS 2.0 level 3, 安全审计): sign-in, sign-out, failure,
lockout, refusal, role change, change of an account's standing, export and download of a
stored file, each with who, when, from which address, what and the result
(`data["result"]`).

The receivers are connected by portal.apps; pages that export call `record_export`, pages
that serve a stored file (an attachment, a made document) call `record_download`.
Codes start with "security.": the audit pages list them as security events.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from portal import journal
from portal.models import Membership, User
from portal.views.account import client_ip

SIGNED_IN = "security.signed_in"
SIGNED_OUT = "security.signed_out"
SIGN_IN_FAILED = "security.sign_in_failed"
LOCKED_OUT = "security.locked_out"
REFUSED = "security.refused"
ROLE_GRANTED = "security.role_granted"
ROLE_CHANGED = "security.role_changed"
ROLE_REVOKED = "security.role_revoked"
EXPORTED = "security.exported"
FILE_DOWNLOADED = "security.file_downloaded"
ACCOUNT_CHANGED = "security.account_changed"
JOURNAL_VERIFIED = "security.journal_verified"

PREFIX = "security."

journal.register(
    {
        SIGNED_IN: gettext_lazy("Signed in"),
        SIGNED_OUT: gettext_lazy("Signed out"),
        SIGN_IN_FAILED: gettext_lazy("Sign-in failed"),
        LOCKED_OUT: gettext_lazy("Account locked after wrong passwords"),
        REFUSED: gettext_lazy("Access refused"),
        ROLE_GRANTED: gettext_lazy("Role granted"),
        ROLE_CHANGED: gettext_lazy("Role changed"),
        ROLE_REVOKED: gettext_lazy("Role withdrawn"),
        EXPORTED: gettext_lazy("Data exported"),
        FILE_DOWNLOADED: gettext_lazy("File downloaded"),
        ACCOUNT_CHANGED: gettext_lazy("Account standing changed"),
        JOURNAL_VERIFIED: gettext_lazy("Journal chain verified"),
    }
)

# The results an event may have, with their labels (data["result"]).
RESULTS = {
    "success": gettext_lazy("Success"),
    "failure": gettext_lazy("Failure"),
    "locked": gettext_lazy("Locked"),
    "refused": gettext_lazy("Refused"),
    "broken": gettext_lazy("Chain broken"),
}

# A user name or path kept in an entry is cut here: the journal is no place for a flood.
MAX_TEXT = 300


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _address(request):
    return client_ip(request) if request is not None else None


def record_event(request, action: str, *, result: str, actor=None, target=None, **data):
    """One security event from a request (None: done by the system)."""
    return journal.record(
        action,
        actor=actor if actor is not None else _actor(request),
        target=target,
        data={"result": result, **data},
        address=_address(request),
    )


def record_export(request, what: str, count: int | None = None):
    """An export or download of data, from the page that serves it: `what` names the
    export ("submissions.search"), `count` the rows it holds where known."""
    data = {"what": what, "path": request.path[:MAX_TEXT]}
    if count is not None:
        data["count"] = count
    return record_event(request, EXPORTED, result="success", **data)


def record_download(request, stored, name: str):
    """A stored file served to `request`: `stored` is the row that holds it (an attachment,
    a made document), `name` the name the file is served under. Called once the file is
    found and opened, so a 404 or a refusal is no download. A HEAD asks for the headers
    alone: nothing is downloaded, nothing recorded. Files on public pages (a project's
    photos) are not recorded: every visitor's browser fetches them."""
    if request.method == "HEAD":
        return None
    opts = stored._meta
    # The journal points at rows with integer keys; an attachment's key is a UUID, so the
    # model and key are also in the entry's data, where the audit pages show them.
    target = stored if isinstance(stored.pk, int) else None
    return record_event(
        request,
        FILE_DOWNLOADED,
        result="success",
        target=target,
        model=opts.label_lower,
        id=str(stored.pk),
        name=str(name)[:MAX_TEXT],
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record_event(request, SIGNED_IN, result="success", actor=user, target=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(request, SIGNED_OUT, result="success", actor=user, target=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the name is kept.
    username = str(credentials.get("username") or "")[:MAX_TEXT]
    record_event(request, SIGN_IN_FAILED, result="failure", actor=None, username=username)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    journal.record(
        LOCKED_OUT,
        actor=None,
        target=None,
        data={"result": "locked", "username": str(username or "")[:MAX_TEXT]},
        address=ip_address,
    )


class RefusalJournalMiddleware:
    """Every refused request (403: a view's PermissionDenied, a failed CSRF check) goes in the
    journal. Other responses pass untouched: no query is added to a normal page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record_event(
                request,
                REFUSED,
                result="refused",
                method=request.method,
                path=request.path[:MAX_TEXT],
            )
        return response


# --- Role changes: a membership granted, changed or withdrawn ------------------------------


def _request_of_this_thread():
    """The request being served (simple-history's HistoryRequestMiddleware keeps it), or
    None in a command or a task."""
    return getattr(HistoricalRecords.context, "request", None)


def _membership_data(membership: Membership, result: str) -> dict:
    return {
        "result": result,
        "person": membership.user.username,
        "unit": membership.unit_id,
        "unit_name": membership.unit.name,
        "role": membership.role,
    }


def _record_role_event(action: str, membership: Membership, **extra):
    request = _request_of_this_thread()
    journal.record(
        action,
        actor=_actor(request),
        target=membership.user,
        data={**_membership_data(membership, "success"), **extra},
        address=_address(request),
    )


@receiver(pre_save, sender=Membership)
def _remember_role_before(sender, instance, raw=False, **kwargs):
    # Memberships change rarely (an administrator's form): one read to say what it was.
    if raw or instance.pk is None:
        return
    instance._role_before = (
        Membership.objects.filter(pk=instance.pk).values_list("role", "unit_id").first()
    )


@receiver(post_save, sender=Membership)
def _role_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        _record_role_event(ROLE_GRANTED, instance)
        return
    before = getattr(instance, "_role_before", None)
    if before is not None and before != (instance.role, instance.unit_id):
        _record_role_event(ROLE_CHANGED, instance, role_before=before[0], unit_before=before[1])


@receiver(post_delete, sender=Membership)
def _role_deleted(sender, instance, **kwargs):
    _record_role_event(ROLE_REVOKED, instance)


# --- An account's standing: active, admin staff, superuser ----------------------------------

STANDING_FIELDS = ("is_active", "is_staff", "is_superuser")


def _standing(user: User) -> dict:
    return {field: getattr(user, field) for field in STANDING_FIELDS}


@receiver(pre_save, sender=User)
def _remember_standing_before(sender, instance, raw=False, update_fields=None, **kwargs):
    # One read, skipped for the saves that cannot change the standing (a sign-in's
    # last_login, the live session's key: saved with their update_fields).
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(STANDING_FIELDS):
        instance._standing_before = None
        return
    instance._standing_before = User.objects.filter(pk=instance.pk).values(*STANDING_FIELDS).first()


@receiver(post_save, sender=User)
def _standing_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = _standing(instance)
    if created:
        # A new account is active, not staff, not superuser; one made otherwise is journaled,
        # each flag as it was set (there was no "before").
        defaults = {field: User._meta.get_field(field).get_default() for field in after}
        fields = {
            field: {"before": None, "after": value}
            for field, value in after.items()
            if value != defaults[field]
        }
    else:
        before = getattr(instance, "_standing_before", None)
        instance._standing_before = None
        if before is None:
            return
        fields = {
            field: {"before": before[field], "after": value}
            for field, value in after.items()
            if value != before[field]
        }
    if not fields:
        return
    record_event(
        _request_of_this_thread(),
        ACCOUNT_CHANGED,
        result="success",
        target=instance,
        person=instance.username,
        created=created,
        fields=fields,
    )

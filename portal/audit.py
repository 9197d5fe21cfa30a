"""What the audit administrator (审计管理员) reads: the journal, filtered, and its Excel copy.

Only an audit administrator or a superuser reaches it (`require_auditor`); nobody can edit
or delete an entry anywhere in the portal, and nothing deletes entries: they are kept for
good, beyond the 180 days MLPS level 3 asks for.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import BytesIO

from django import forms
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook

from portal import journal, security_events
from portal.clock import CHINA
from portal.models import JournalEntry, Role
from portal.scoping import roles_of
from portal.spreadsheets import append_row, cell_value
from portal.widgets import Select

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What one Excel download holds at most: the newest entries matching the filters.
EXPORT_LIMIT = 50_000

KIND_SECURITY = ""
KIND_ALL = "all"


def is_auditor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.AUDITOR in roles_of(user))


def require_auditor(user) -> None:
    if not is_auditor(user):
        raise PermissionDenied


# --- The audit administrator reaches nothing else (三权分立) -------------------------------

# What a person whose only role is audit administrator may open: the audit pages, their own
# account's and their notices. Every other page answers 403, whatever it would show.
AUDITOR_PAGES = frozenset(
    {
        "home",
        "audit-journal",
        "audit-export",
        "audit-verify",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        "session-status",
        "session-ping",
        "two-factor",
        "two-factor-setup",
        "two-factor-verify",
        "two-factor-recovery-codes",
        "two-factor-remove",
        "notifications:list",
        "notifications:read",
        "notifications:read-all",
        "notifications:email-reminders",
    }
)
# Set at sign-in for a person who holds no role but audit administrator: the check on each
# request reads the session, never the database.
SESSION_AUDIT_ONLY = "audit_only"


@receiver(user_logged_in)
def _note_audit_only(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if not user.is_superuser and roles_of(user) == {Role.AUDITOR}:
        request.session[SESSION_AUDIT_ONLY] = True
    else:
        request.session.pop(SESSION_AUDIT_ONLY, None)


class AuditorOnlyMiddleware:
    """An audit-administrator-only session opens AUDITOR_PAGES and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_AUDIT_ONLY):
            return None
        match = request.resolver_match
        # The admin site refuses them itself (its sign-in page): they are never staff.
        if match.view_name in AUDITOR_PAGES or match.namespace == "admin":
            return None
        raise PermissionDenied


def _kind_choices():
    codes = sorted(journal.labels().items(), key=lambda item: str(item[1]))
    return [
        (KIND_SECURITY, _("Security events")),
        (KIND_ALL, _("All entries")),
        *[(code, f"{label} ({code})") for code, label in codes],
    ]


class JournalFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of action"), required=False, widget=Select)
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("User name or name; for failed sign-ins, the user name tried."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()

    def filters(self) -> dict:
        """The valid filters (an unbound or invalid form: security events, everything)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {key: data.get(key) for key in ("kind", "person", "date_from", "date_to")}


def journal_entries(*, kind=None, person=None, date_from=None, date_to=None) -> QuerySet:
    """The entries matching the filters, newest first, with who did them. Newest is the
    order of recording (the primary key, whose index serves the page): an entry recorded
    with an earlier time is listed where it was recorded, its time shown as it is."""
    entries = JournalEntry.objects.select_related("actor").order_by("-pk")
    if not kind:
        # Security events: ours, and any other entry that says where its request came from
        # (two-step sign-in, personal data shown), as only security events do.
        entries = entries.filter(
            Q(action__startswith=security_events.PREFIX) | Q(address__isnull=False)
        )
    elif kind != KIND_ALL:
        entries = entries.filter(action=kind)
    if person:
        entries = entries.filter(
            Q(actor__username__iexact=person)
            | Q(actor__full_name__icontains=person)
            | Q(data__username=person)
        )
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=CHINA))
    if date_to:
        next_day = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=CHINA)
        entries = entries.filter(at__lt=next_day)
    return entries


@dataclass
class Row:
    """One entry as the pages show it."""

    entry: JournalEntry
    label: str
    who: str
    result: str
    details: str


def _details(data: dict) -> str:
    # Whatever the event says besides its result, short: the page is a list, not a dump.
    parts = [f"{key}: {value}" for key, value in data.items() if key != "result"]
    text = "; ".join(parts)
    return text if len(text) <= 200 else text[:199] + "…"


def rows(entries) -> list[Row]:
    out = []
    for entry in entries:
        data = entry.data if isinstance(entry.data, dict) else {}
        if entry.actor is not None:
            who = entry.actor.username
            if entry.actor.full_name:
                who = f"{entry.actor.full_name} ({who})"
        else:
            who = data.get("username") or ""
        result = data.get("result", "")
        out.append(
            Row(
                entry=entry,
                label=str(journal.label(entry.action)),
                who=who,
                result=str(security_events.RESULTS.get(result, result)),
                details=_details(data),
            )
        )
    return out


def workbook(entries) -> tuple[bytes, int]:
    """The entries as an .xlsx (every cell through portal.spreadsheets), and how many."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(pgettext_lazy("audit", "Journal"))[:31]
    headers = [
        _("Sequence"),
        _("Time (China)"),
        _("Person"),
        _("Address"),
        _("Action"),
        pgettext_lazy("audit", "Code"),
        pgettext_lazy("audit", "Result"),
        _("Details"),
    ]
    append_row(sheet, headers)
    count = 0
    for row in rows(entries[:EXPORT_LIMIT].iterator(chunk_size=2000)):
        entry = row.entry
        append_row(
            sheet,
            [
                entry.seq,
                cell_value(entry.at),
                row.who,
                entry.address or "",
                row.label,
                entry.action,
                row.result,
                row.details,
            ],
        )
        count += 1
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count

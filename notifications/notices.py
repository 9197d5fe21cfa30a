"""Notices: telling people at once that something came back to them to act on (a report
returned by its reviewer or sent back by its approver, a campaign assignment sent back).

A notice rides on the reminder machinery (services.py): one Reminder row per person and
event, unique on (person, subject, day, step) with the step "<kind>-<journal entry>", so the
event's journal entry is its key. Whoever inserts the row gives the person the notification
in the bell and queues the mail (if their email switch is on) through portal.jobs, all in
the caller's transaction: a rolled-back action tells nobody, a retried one tells each
person once, and the mail goes after commit by the same task as reminder mails.

The apps call `notify_now` from their own services; this module knows no app.
"""

from collections.abc import Iterable
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from notifications import sources
from notifications.models import NotificationKind, Reminder
from notifications.services import NOTICE_KINDS, Planned, reminders_claim
from portal import journal
from portal.clock import CHINA
from portal.models import JournalEntry, Unit, User


def unit_people(unit: Unit, roles: Iterable[str]) -> list[User]:
    """The active people holding one of `roles` in the (active) unit; one query."""
    return list(
        User.objects.filter(
            memberships__unit=unit,
            memberships__unit__is_active=True,
            memberships__role__in=list(roles),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _notice_text(entry: JournalEntry):
    """The title, text and kind of the notice of `entry`, in the active language."""

    def text(due: sources.Due, today: date) -> tuple[str, str, NotificationKind]:
        context = {
            "event": str(journal.label(entry.action)),
            "what": str(due.what),
            "actor": entry.actor.get_full_name() if entry.actor else _("The portal"),
            "comment": entry.comment,
            "day": due.deadline.isoformat(),
        }
        title = _("%(event)s: %(what)s") % context
        body = _(
            "%(actor)s sent %(what)s back to you on %(day)s with this comment: “%(comment)s”. "
            "It waits for you to make the changes and hand it on again."
        )
        return " ".join(title.split())[:200], body % context, NotificationKind.RETURNED

    return text


def notify_now(
    *,
    entry: JournalEntry,
    recipients: Iterable[User],
    unit: Unit,
    what: Promise | str,
    url: str,
    kind: NotificationKind = NotificationKind.RETURNED,
) -> list[Reminder]:
    """Tell `recipients` (not the one who acted) of `entry` at once: a notification in the
    bell, written in each person's language, and a mail after commit to those whose email
    switch is on. `what` names the thing (a lazy string: rendered per language); `url` is
    the page to act on.

    Runs in the caller's transaction (call it from the service that wrote `entry`): a
    rollback leaves neither notification nor mail. Exactly once per person and entry,
    however often it is called. Returns the notices this call made."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"not a notice kind: {kind}")
    people = {person.pk: person for person in recipients if person.pk != entry.actor_id}
    due = sources.Due(
        subject_type=entry.action[:40],
        subject_id=str(entry.object_id or ""),
        unit=unit,
        # The event's day: the same on every retry, so the unique row stays one.
        deadline=entry.at.astimezone(CHINA).date(),
        what=what,
        state=journal.label(entry.action),
        url=url,
    )
    step = f"{kind}-{entry.pk}"
    plan = [Planned(person=person, due=due, step=step) for person in people.values()]
    return reminders_claim(
        plan=plan, today=due.deadline, sent_by=entry.actor, text=_notice_text(entry)
    )

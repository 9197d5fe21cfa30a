"""What reminders are about: the registry of sources, the things with deadlines that
units must act on.

Each app that has such things (quarterly reports, campaign assignments, award
nominations, donation disclosures and pledges) keeps a source in its own `reminders.py`
and registers it from its AppConfig.ready():

    def ready(self):
        from campaigns.reminders import register_sources

        register_sources()          # calls notifications.sources.register(AssignmentSource())

A source has a `subject_type` ("<app>.<thing>", unique: the registry is keyed by it, and
the Reminder rows carry it) and answers two questions for the reminder job:

- `due_items(today)`: what is still open and due soon or overdue (within
  FIRST_REMINDER_DAYS of its deadline or past it), one `Due` per thing and unit. The job
  decides the step (7, 3, 1 days before, then each working day overdue) and the people:
  the unit's reporters and approvers, and once overdue the reviewers of the region above;
- `open_subject_ids(subject_ids, today)`: which of these are still open now, asked again
  just before a mail goes out, so a unit that has acted in the meantime is not mailed.

`what` and `state` of a `Due` must be lazy strings (gettext_lazy / format_lazy, a
TextChoices label): they are rendered once per person, in that person's language. `url` is
a path inside the portal; select the unit with its region. The plan, the claim, the mail,
the bell and `manage.py remind` serve every registered source alike; this module knows no
app.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from portal.models import Unit

# Reminders start this many days before a deadline.
FIRST_REMINDER_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One open thing with a deadline that a unit must act on."""

    subject_type: str
    subject_id: str
    unit: Unit
    deadline: date
    what: Promise | str
    state: Promise | str
    url: str


SOURCES: dict[str, object] = {}


def register(source) -> None:
    SOURCES[source.subject_type] = source


def all_due_items(today: date) -> list[Due]:
    return [item for source in SOURCES.values() for item in source.due_items(today)]


def open_subject_ids(subject_type: str, subject_ids: Iterable[str], today: date) -> set[str]:
    source = SOURCES.get(subject_type)
    if source is None:
        return set()
    return source.open_subject_ids(list(subject_ids), today)

"""The portal's one journal: who did what to which object, when.

Every app writes through `record` with a dotted action code ("submissions.report.returned")
and registers a readable label for each of its codes with `register` in its `journal.py`
module, which is imported the first time a label is asked for. History pages read
through `entries_for`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.module_loading import autodiscover_modules

from portal import journal_chain
from portal.models import JournalEntry, User

_labels: dict = {}
_discovered = False


def register(labels: dict) -> None:
    """Add action codes and their labels (lazy translations)."""
    _labels.update(labels)


def label(action: str) -> str:
    """The readable label of a code; the code itself for one nobody registered."""
    global _discovered
    if not _discovered:
        autodiscover_modules("journal")
        _discovered = True
    return _labels.get(action, action)


def labels() -> dict:
    """Every registered code and its label."""
    label("")
    return dict(_labels)


def record(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None,
    data: dict | None = None,
    comment: str = "",
    at=None,
    address: str | None = None,
) -> JournalEntry:
    """Append one entry. Runs in the caller's transaction: a refused action that rolls
    back leaves no entry. `address` is the client's (portal.views.account.client_ip) for
    security events. The entry is sealed (portal.journal_chain) after the commit."""
    entry = JournalEntry(
        action=action,
        actor=actor,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        comment=comment,
        data=data or {},
        address=address,
    )
    if at is not None:
        entry.at = at
    entry.save()
    # Sealed into the tamper-evident chain once the caller's transaction commits.
    journal_chain.schedule_seal()
    return entry


def entries_for(target: models.Model | type[models.Model], pk=None):
    """The entries about one object (oldest first, like the old per-app journals), each
    with its actor. Filters through the content type's natural key, so the page's query
    count does not depend on the content-type cache."""
    opts = target._meta
    return (
        JournalEntry.objects.filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id=target.pk if pk is None else pk,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def labelled(entries) -> list[JournalEntry]:
    """The entries as a list, each with its readable `label`."""
    entries = list(entries)
    for entry in entries:
        entry.label = label(entry.action)
    return entries

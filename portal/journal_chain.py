"""The journal's tamper-evident chain (MLPS 2.0 level 3, 安全审计).

Entries are written unsealed (seq is null) by portal.journal.record, in the caller's
transaction. After they commit they are *sealed* in seal order: each gets the next `seq`
and a `digest`, the SHA-256 of a canonical JSON of its content and the previous entry's
digest. Editing an entry's content in the database, or deleting a sealed entry, breaks the
chain at that entry, and `verify` names it.

Sealing happens after each commit that recorded entries (a small batch, skipped when
another sealer holds the lock: a request never waits for it), every minute in beat
(portal.tasks.journal_seal), and before every verification.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils.translation import gettext_lazy as _

from portal.models import JournalEntry

logger = logging.getLogger(__name__)

# The digest before the first entry.
GENESIS = "0" * 64
# What a commit seals on its way out of a request: enough for what one request records,
# so a backlog (beat not running) never lands on the person saving an item.
AFTER_COMMIT_BATCH = 20
# What one locked transaction seals in the background; the lock is let go between batches.
BATCH = 500
# The PostgreSQL advisory lock that only one sealer holds at a time (any fixed number).
ADVISORY_LOCK_KEY = 0x4A4F55524E4C  # "JOURNL"


def canonical(entry: JournalEntry, previous_digest: str) -> bytes:
    """The bytes an entry's digest is taken over: its content, its place in the chain and
    the previous digest, as JSON with sorted keys and no spacing."""
    content_type = entry.content_type
    content = {
        "seq": entry.seq,
        "action": entry.action,
        "actor_id": entry.actor_id,
        "at": entry.at.astimezone(UTC).isoformat(),
        "content_type": [content_type.app_label, content_type.model] if content_type else None,
        "object_id": entry.object_id,
        "comment": entry.comment,
        "data": entry.data,
        "address": entry.address,
        "previous": previous_digest,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest_of(entry: JournalEntry, previous_digest: str) -> str:
    return hashlib.sha256(canonical(entry, previous_digest)).hexdigest()


def _write_seal(entry: JournalEntry) -> int:
    """The one write the append-only journal allows: give an unsealed entry its seq and
    digest. Bypasses JournalQuerySet.update on purpose, for these two fields only and only
    while the entry is unsealed."""
    unsealed = JournalEntry.objects.filter(pk=entry.pk, seq__isnull=True)
    return models.QuerySet.update(unsealed, seq=entry.seq, digest=entry.digest)


def _take_lock(wait: bool) -> bool:
    """Hold the sealing lock until the end of the current transaction. On PostgreSQL an
    advisory lock; SQLite runs one writing transaction at a time, and the unique seq refuses
    a second sealer that read the same head on any database."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        return cursor.fetchone()[0]


def _seal_batch(limit: int, wait: bool) -> int:
    with transaction.atomic():
        if not _take_lock(wait):
            return 0
        seq, previous = head()
        entries = list(
            JournalEntry.objects.filter(seq__isnull=True)
            .select_related("content_type")
            .order_by("at", "pk")[:limit]
        )
        for entry in entries:
            seq += 1
            entry.seq = seq
            entry.digest = digest_of(entry, previous)
            if not _write_seal(entry):
                # Sealed meanwhile by someone who did not take the lock: start again later.
                raise IntegrityError("journal entry sealed twice")
            previous = entry.digest
        return len(entries)


def seal(*, limit: int | None = None, wait: bool = True) -> int:
    """Seal the unsealed entries, oldest first; returns how many. With `wait=False` it gives
    up at once when another sealer holds the lock (or wins the race), leaving the entries to
    the next sealer. `limit` bounds the work (None: until none is left)."""
    sealed = 0
    while limit is None or sealed < limit:
        size = BATCH if limit is None else min(BATCH, limit - sealed)
        try:
            done = _seal_batch(size, wait)
        except DatabaseError:
            if wait:
                raise
            # Another sealer won the race (same seq) or SQLite's write lock is taken.
            logger.info("Journal: sealing skipped, another sealer is at work")
            return sealed
        sealed += done
        if done < size:
            break
    return sealed


def seal_after_commit() -> None:
    """Run by transaction.on_commit after a transaction that recorded entries: a small
    batch, never waiting, and nothing when more are waiting than a batch holds. Whatever
    it leaves, beat seals within a minute."""
    try:
        # A backlog (beat stopped, or the entries from before the chain) is beat's to seal:
        # sorting it here would slow every save. Counting a few unsealed rows is an index read.
        unsealed = JournalEntry.objects.filter(seq__isnull=True).values_list("pk", flat=True)
        if len(unsealed[: AFTER_COMMIT_BATCH + 1]) > AFTER_COMMIT_BATCH:
            return
        seal(limit=AFTER_COMMIT_BATCH, wait=False)
    except Exception:
        # A sealing problem must not turn a saved item into an error page.
        logger.exception("Journal: sealing after commit failed")


def schedule_seal() -> None:
    """Ask for one seal after the current transaction commits (at once in autocommit),
    however many entries the transaction records."""
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(item[1] is seal_after_commit for item in pending):
        return
    transaction.on_commit(seal_after_commit)


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: `ok` with `count` entries, or the first broken
    link (its seq and pk, and why)."""

    ok: bool
    count: int
    seq: int | None = None
    pk: int | None = None
    reason: str = ""
    head_digest: str = ""


def verify() -> Verification:
    """Walk the sealed entries in seq order and return the first broken link: an entry whose
    content no longer matches its digest, or a seq that does not follow the one before (an
    entry deleted). Reads in chunks; seal first for a verification of everything."""
    previous, expected, count = GENESIS, 1, 0
    entries = (
        JournalEntry.objects.filter(seq__isnull=False)
        .select_related("content_type")
        .order_by("seq")
        .iterator(chunk_size=2000)
    )
    for entry in entries:
        if entry.seq != expected:
            reason = _(
                "Entry %(seq)s follows entry %(previous)s: the entries between were deleted."
            ) % {"seq": entry.seq, "previous": expected - 1}
            return Verification(False, count, entry.seq, entry.pk, str(reason))
        if digest_of(entry, previous) != entry.digest:
            reason = _("Entry %(seq)s was changed after it was sealed: its digest does not match.")
            return Verification(False, count, entry.seq, entry.pk, str(reason % {"seq": entry.seq}))
        previous, expected, count = entry.digest, expected + 1, count + 1
    return Verification(True, count, head_digest=previous if count else "")


def head() -> tuple[int, str]:
    """The last sealed entry's seq and digest (0 and GENESIS before the first)."""
    found = (
        JournalEntry.objects.filter(seq__isnull=False)
        .order_by("-seq")
        .values_list("seq", "digest")
        .first()
    )
    return found or (0, GENESIS)


def seal_and_verify() -> Verification:
    seal()
    return verify()

"""The journal's tamper-evident chain: entries sealed in order after they commit, each digest
over its content and the previous digest; a change or a deletion made in the database
breaks the verification at that entry, and the command says which."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal import journal, journal_chain
from portal.models import JournalEntry, JournalIsAppendOnly

pytestmark = pytest.mark.django_db


def _entries(world, n):
    return [
        journal.record(
            "security.signed_in",
            actor=world.reporter,
            target=world.reporter,
            data={"result": "success", "n": i},
            address="10.1.2.3",
        )
        for i in range(n)
    ]


def _raw(sql, params):
    # What someone with database access does: no ORM, no append-only guard.
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=JournalEntry._meta.db_table), params)


def test_sealing_chains_entries_in_order(world):
    entries = _entries(world, 3)
    assert all(e.seq is None for e in JournalEntry.objects.all())

    assert journal_chain.seal() == 3

    sealed = list(JournalEntry.objects.order_by("seq"))
    assert [e.pk for e in sealed] == [e.pk for e in entries]
    assert [e.seq for e in sealed] == [1, 2, 3]
    previous = journal_chain.GENESIS
    for entry in sealed:
        assert entry.digest == journal_chain.digest_of(entry, previous)
        previous = entry.digest
    assert journal_chain.seal() == 0
    assert journal_chain.verify() == journal_chain.Verification(
        True, 3, head_digest=sealed[-1].digest
    )


def test_later_entries_continue_the_chain(world):
    _entries(world, 2)
    journal_chain.seal()
    later = _entries(world, 1)[0]
    journal_chain.seal()
    later.refresh_from_db()
    assert later.seq == 3
    assert journal_chain.verify().ok


def test_a_batch_limit_seals_the_oldest_first(world):
    entries = _entries(world, 5)
    assert journal_chain.seal(limit=2) == 2
    assert list(JournalEntry.objects.filter(seq__isnull=False).values_list("pk", flat=True)) == [
        entries[0].pk,
        entries[1].pk,
    ]


def test_the_digest_covers_every_field(world):
    entry = _entries(world, 1)[0]
    journal_chain.seal()
    entry.refresh_from_db()
    base = journal_chain.digest_of(entry, journal_chain.GENESIS)
    for field, value in [
        ("action", "security.signed_out"),
        ("actor_id", world.approver.pk),
        ("comment", "x"),
        ("data", {"result": "failure"}),
        ("address", "10.9.9.9"),
        ("object_id", 999),
        ("seq", 2),
    ]:
        changed = JournalEntry.objects.get(pk=entry.pk)
        setattr(changed, field, value)
        assert journal_chain.digest_of(changed, journal_chain.GENESIS) != base, field
    assert journal_chain.digest_of(entry, "1" * 64) != base


def test_the_orm_still_refuses_any_other_update(world):
    entry = _entries(world, 1)[0]
    journal_chain.seal()
    with pytest.raises(JournalIsAppendOnly):
        JournalEntry.objects.filter(pk=entry.pk).update(seq=None)


def test_an_entry_edited_in_the_database_breaks_the_chain_there(world):
    entries = _entries(world, 4)
    journal_chain.seal()
    _raw("UPDATE {table} SET address = %s WHERE id = %s", ["192.168.0.66", entries[2].pk])

    result = journal_chain.verify()

    assert (result.ok, result.seq, result.pk, result.count) == (False, 3, entries[2].pk, 2)
    assert "被修改" in result.reason


def test_an_entry_deleted_in_the_middle_breaks_the_chain_after_it(world):
    entries = _entries(world, 4)
    journal_chain.seal()
    _raw("DELETE FROM {table} WHERE id = %s", [entries[1].pk])

    result = journal_chain.verify()

    assert (result.ok, result.seq, result.pk, result.count) == (False, 3, entries[2].pk, 1)
    assert "被删除" in result.reason


def test_a_digest_rewritten_to_match_is_still_caught_by_the_next_entry(world):
    entries = _entries(world, 3)
    journal_chain.seal()
    _raw("UPDATE {table} SET comment = %s WHERE id = %s", ["forged", entries[0].pk])
    forged = JournalEntry.objects.get(pk=entries[0].pk)
    new_digest = journal_chain.digest_of(forged, journal_chain.GENESIS)
    _raw("UPDATE {table} SET digest = %s WHERE id = %s", [new_digest, entries[0].pk])

    result = journal_chain.verify()

    assert (result.ok, result.seq) == (False, 2)


def test_the_command_says_intact_or_names_the_broken_entry(world):
    entries = _entries(world, 3)
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "intact: 3 entries" in out.getvalue()

    _raw("UPDATE {table} SET data = %s WHERE id = %s", ['{"result": "failure"}', entries[1].pk])
    with pytest.raises(CommandError, match=rf"seq 2 \(id {entries[1].pk}\)"):
        call_command("verify_journal")


def test_sealing_waits_for_the_commit_and_runs_once_per_transaction(world, monkeypatch):
    calls = []
    monkeypatch.setattr(journal_chain, "seal", lambda **kwargs: calls.append(kwargs))
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        _entries(world, 3)
        assert calls == []
    assert len(callbacks) == 1
    assert calls == [{"limit": journal_chain.AFTER_COMMIT_BATCH, "wait": False}]


def test_the_beat_task_seals(world):
    from portal.tasks import journal_seal

    _entries(world, 2)
    assert journal_seal() == 2
    assert journal_chain.head()[0] == 2


@pytest.mark.needs_row_locks
def test_a_commit_does_not_wait_while_another_sealer_holds_the_lock(transactional_db, world):
    """PostgreSQL: the sealer after a commit gives up at once while beat (another
    connection) holds the advisory lock; the entries wait for the next sealer."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [journal_chain.ADVISORY_LOCK_KEY])
            _entries(world, 2)  # each committed at once, its sealer giving up
            assert not JournalEntry.objects.filter(seq__isnull=False).exists()
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    assert journal_chain.seal(wait=False) == 2
    assert journal_chain.verify().count == 2


def test_entries_recorded_outside_a_transaction_are_sealed_at_once(transactional_db, world):
    entry = _entries(world, 1)[0]
    entry.refresh_from_db()
    assert entry.seq == 1
    assert journal_chain.verify().ok


def test_a_commit_leaves_a_backlog_to_beat(world):
    _entries(world, journal_chain.AFTER_COMMIT_BATCH + 1)
    journal_chain.seal_after_commit()
    assert not JournalEntry.objects.filter(seq__isnull=False).exists()

    journal_chain.seal()
    _entries(world, 2)
    journal_chain.seal_after_commit()
    assert not JournalEntry.objects.filter(seq__isnull=True).exists()

"""Two administrators assign the last place of a tier at the same moment: the database
lets only one of them have it (the tier row is locked while its winners are counted).

Both need row locks (SELECT ... FOR UPDATE) and are skipped on SQLite, whose shared
in-memory test database refuses the second writer ("database table is locked") instead
of making it wait: they are proved on PostgreSQL in CI (DATABASE_URL)."""

import threading

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from awards import services
from awards.models import Nomination, Tier
from awards.services import AwardError
from tests.awards.conftest import qualified_work


def _in_thread(target, *args):
    outcome = {}

    def run():
        try:
            outcome["result"] = target(*args)
        except (AwardError, OperationalError) as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_only_one_of_two_concurrent_assignments_wins_the_last_place(world, aw):
    tier = aw.tiers["theme"][0]  # quota 1
    first, second = (qualified_work(world, aw, title=t) for t in ("甲", "乙"))
    admin = world.province_admin
    holding = threading.Event()
    release = threading.Event()

    def assign_and_hold(nomination):
        # The first administrator's transaction takes the place and stays open.
        with transaction.atomic():
            services.tier_assign(nomination=nomination, user=admin, tier=tier)
            holding.set()
            release.wait(10)
        return "won"

    def assign(nomination):
        services.tier_assign(nomination=nomination, user=admin, tier=tier)
        return "won"

    a, a_outcome = _in_thread(assign_and_hold, first)
    assert holding.wait(10)
    b, b_outcome = _in_thread(assign, second)
    b.join(0.5)
    # The second administrator waits on the tier's row lock...
    assert b.is_alive()
    release.set()
    a.join(10)
    b.join(10)
    close_old_connections()
    assert a_outcome == {"result": "won"}
    # ...and once the first commits, finds the place taken.
    assert "error" in b_outcome
    assert isinstance(b_outcome["error"], AwardError)
    assert list(Nomination.objects.filter(tier=tier).values_list("pk", flat=True)) == [first.pk]


@pytest.mark.needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_racing_threads_never_exceed_the_quota(world, aw):
    tier = aw.tiers["theme"][1]  # quota 2
    nominations = [qualified_work(world, aw, title=f"作品{n}") for n in range(3)]
    start = threading.Barrier(3)

    def assign(nomination):
        start.wait(10)
        services.tier_assign(nomination=nomination, user=world.province_admin, tier=tier)
        return "won"

    threads = [_in_thread(assign, n) for n in nominations]
    for thread, _outcome in threads:
        thread.join(20)
    winners = Nomination.objects.filter(tier=tier).count()
    assert winners <= Tier.objects.get(pk=tier.pk).quota
    assert sum("result" in outcome for _thread, outcome in threads) == winners
    assert winners == 2

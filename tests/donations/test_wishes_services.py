"""Micro-wishes: one claim per wish however many click at once, lapsed claims return the
wish to the list, and the docking rate against the 30 % requirement."""

import threading
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from donations import selectors, services
from donations.models import Wish, WishStatus
from portal.journal import entries_for
from portal.services import attachment_create
from tests.donations.conftest import png
from tests.factories import UserFactory


def make_wish(w, *, publish=True, title="一台电暖器"):
    wish = services.wish_record(
        user=w.helper,
        unit=w.helping_unit,
        village=w.village,
        household_name="张明礼",
        household_id_number="610621195501012343",
        household_phone="13800001234",
        title=title,
        value=Decimal("380.00"),
        deadline=date(2026, 12, 31),
    )
    if publish:
        services.wish_vet(user=w.helper_leader, wish=wish, publish=True)
    return wish


# The second claim waits on the wish's row lock and then finds it claimed. SQLite's shared
# in-memory test database has no row locks: the loser gets "database table is locked".
@pytest.mark.needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_people_claiming_one_wish_at_once_get_one_claim(dw):
    wish = make_wish(dw)
    people = [UserFactory(username="caring_a"), UserFactory(username="caring_b")]
    barrier = threading.Barrier(2)
    results = []

    def claim(person):
        try:
            barrier.wait()
            services.wish_claim(user=person, wish=wish)
            results.append("claimed")
        except services.DonationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["claimed", "refused"]
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED
    assert wish.claimed_by in people


@pytest.mark.django_db
def test_claiming_a_claimed_wish_is_refused(dw):
    wish = make_wish(dw)
    services.wish_claim(user=UserFactory(), wish=wish)
    with pytest.raises(services.DonationError):
        services.wish_claim(user=UserFactory(), wish=wish)


@pytest.mark.django_db
def test_an_unvetted_wish_cannot_be_claimed(dw):
    wish = make_wish(dw, publish=False)
    with pytest.raises(services.DonationError):
        services.wish_claim(user=UserFactory(), wish=wish)


@pytest.mark.django_db
def test_only_the_units_approver_vets(dw):
    wish = make_wish(dw, publish=False)
    with pytest.raises(PermissionDenied):
        services.wish_vet(user=dw.helper, wish=wish, publish=True)
    with pytest.raises(PermissionDenied):
        services.wish_vet(user=dw.approver, wish=wish, publish=True)


@pytest.mark.django_db
def test_a_lapsed_claim_returns_the_wish_to_the_list(dw):
    wish = make_wish(dw)
    services.wish_claim(user=UserFactory(), wish=wish)
    now = timezone.now()
    assert services.wish_claims_expire(now + timedelta(days=13)) == 0
    assert services.wish_claims_expire(now + timedelta(days=15)) == 1
    wish.refresh_from_db()
    assert (wish.status, wish.claimed_by) == (WishStatus.PUBLISHED, None)
    assert list(selectors.public_wishes()) == [wish]


@pytest.mark.django_db
def test_a_fulfilled_wish_does_not_lapse(dw):
    wish = make_wish(dw)
    services.wish_claim(user=UserFactory(), wish=wish)
    photo = attachment_create(unit=dw.helping_unit, uploaded=png(), uploaded_by=dw.helper)
    services.wish_fulfil(
        user=dw.helper, wish=wish, photo=photo, household_confirmed_on=date(2026, 11, 5)
    )
    assert services.wish_claims_expire(timezone.now() + timedelta(days=60)) == 0
    wish.refresh_from_db()
    assert wish.status == WishStatus.FULFILLED


@pytest.mark.django_db
def test_the_expiry_task_runs_in_a_worker(dw, celery_worker):
    from donations.tasks import wish_claims_expire

    wish = make_wish(dw)
    Wish.objects.filter(pk=wish.pk).update(
        status=WishStatus.CLAIMED,
        claimed_by=UserFactory(),
        claimed_at=datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone()),
    )
    wish_claims_expire.delay()
    # No result backend without Redis: watch the row the worker changes instead.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        wish.refresh_from_db()
        if wish.status == WishStatus.PUBLISHED:
            break
        time.sleep(0.1)
    assert wish.status == WishStatus.PUBLISHED
    assert entries_for(wish).filter(action="donations.wish.claim_expired").count() == 1


@pytest.mark.django_db
def test_docking_rate_moves_against_the_30_percent(dw):
    wishes = [make_wish(dw, title=f"心愿{i}") for i in range(4)]
    rate = selectors.docking_rates([dw.helping_unit])[0]
    assert (rate["recorded"], rate["docked"], rate["meets"]) == (4, 0, False)
    services.wish_claim(user=UserFactory(), wish=wishes[0])
    rate = selectors.docking_rates([dw.helping_unit])[0]
    assert (rate["docked"], rate["percent"], rate["meets"]) == (1, Decimal("25.0"), False)
    services.wish_claim(user=UserFactory(), wish=wishes[1])
    rate = selectors.docking_rates([dw.helping_unit])[0]
    assert (rate["docked"], rate["percent"], rate["meets"]) == (2, Decimal("50.0"), True)


@pytest.mark.django_db
def test_the_docking_rate_rounds_half_up_as_the_year_end_summary_does(dw):
    wishes = [make_wish(dw, title=f"心愿{i}", publish=i == 0) for i in range(16)]
    services.wish_claim(user=UserFactory(), wish=wishes[0])
    rate = selectors.docking_rates([dw.helping_unit])[0]
    # 1 of 16 is 6.25 %: 四舍五入 gives 6.3 %, on the unit page as in the summary.
    assert (rate["recorded"], rate["docked"], rate["percent"]) == (16, 1, Decimal("6.3"))

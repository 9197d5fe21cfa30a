"""seed_demo adds the donations story in every state, quickly, and only once."""

import time
from decimal import Decimal

import pytest
from django.core.management import call_command

from donations import selectors
from donations.demo import seed
from donations.models import (
    Certificate,
    Pledge,
    PledgeStatus,
    Project,
    ProjectStatus,
    Reallocation,
    Receipt,
    Spending,
    Wish,
    WishStatus,
)
from portal.models import Region


@pytest.mark.django_db
def test_seed_demo_covers_every_state_and_is_idempotent(settings):
    call_command("seed_demo", verbosity=0)
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert set(Pledge.objects.values_list("status", flat=True)) >= {
        PledgeStatus.CONFIRMED,
        PledgeStatus.WITHDRAWN,
        PledgeStatus.INTENTION,
    }
    assert set(Wish.objects.values_list("status", flat=True)) == set(WishStatus.values)
    assert set(Receipt.objects.values_list("status", flat=True)) == {"confirmed", "pending"}
    assert Spending.objects.exists() and Reallocation.objects.exists()
    assert Certificate.objects.count() >= 2
    county = Region.objects.get(code="610621")
    assert all(p.village.path.startswith(county.path) for p in Project.objects.all())
    counts = (Project.objects.count(), Pledge.objects.count(), Wish.objects.count())
    started = time.monotonic()
    assert seed() == ""
    assert time.monotonic() - started < 1
    assert (Project.objects.count(), Pledge.objects.count(), Wish.objects.count()) == counts
    # The demo's money reconciles: the region totals add up to the receipts.
    from donations.models import money_sum

    received = Receipt.objects.filter(status="confirmed").aggregate(t=money_sum("amount"))["t"]
    rows, unplaced = selectors.region_totals(county)
    assert sum(r["received"] for r in rows) + unplaced["received"] == received
    assert received > Decimal("0")


@pytest.mark.django_db
def test_the_donations_seed_takes_under_three_seconds():
    call_command("seed_demo", verbosity=0)
    # Clear this app's rows (newest first) so the seed runs again from scratch.
    from donations import models

    for model in (
        models.Event,
        models.LedgerEntry,
        models.Certificate,
        models.Reallocation,
        models.Receipt,
        models.Spending,
        models.PledgeItem,
        models.Pledge,
        models.Drive,
        models.Wish,
        models.Project,
        models.Account,
    ):
        model.objects.all().delete()
    started = time.monotonic()
    assert seed().startswith("Donations:")
    assert time.monotonic() - started < 3

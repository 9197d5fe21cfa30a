"""The upgrade (migration donations 0003) gives back to each pledge that an earlier move
switched wholesale the designation its donor gave, and books back to it the receipts
that followed the switch, unless the use they went to has spent them meanwhile."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from donations import services
from donations.models import (
    Account,
    EntryKind,
    Event,
    LedgerEntry,
    Pledge,
    Receipt,
    ReceiptStatus,
)
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pay, pdf

pytestmark = pytest.mark.django_db

restore_designations = importlib.import_module(
    "donations.migrations.0003_pledge_keeps_donor_designation"
).restore_designations


def switched_wholesale(w, *, later: str):
    """The state migration 0003 repairs: 6,000.00 received for the cold store, 3,000.00 of it moved
    to the road with consent, the whole pledge switched to the road, and a later receipt
    of `later` booked under the road."""
    cold_store = make_project(w)
    road = make_project(w, title="七里村社区道路", village=w.village2)
    pledge = make_pledge(w, amount="10000.00", designation="project", project=cold_store)
    pay(w, pledge, "6000.00")
    services.pledge_reallocate(
        user=w.reporter,
        pledge=pledge,
        amount=Decimal("3000.00"),
        to_designation="project",
        to_project=road,
        consent_on=date(2026, 10, 19),
        consent_note="同意调整3000元",
        consent_evidence=attachment_create(
            unit=w.yanchang_bureau, uploaded=pdf(), uploaded_by=w.reporter
        ),
    )
    Pledge.objects.filter(pk=pledge.pk).update(project=road, village=w.village2)
    road_account = Account.objects.get(kind="village", region=w.village2)
    receipt = Receipt.objects.create(
        pledge=pledge,
        kind="cash",
        amount=Decimal(later),
        received_on=date(2026, 10, 25),
        reference="BANK-2",
        account=road_account,
        status=ReceiptStatus.CONFIRMED,
        recorded_by=w.reporter,
        confirmed_by=w.reporter,
    )
    LedgerEntry.objects.create(
        account=road_account,
        project=road,
        village=w.village2,
        region=w.village2,
        kind=EntryKind.RECEIPT,
        amount=Decimal(later),
        occurred_on=date(2026, 10, 25),
        pledge=pledge,
        receipt=receipt,
    )
    return cold_store, road, pledge, receipt


def test_the_upgrade_gives_back_the_designation_and_the_later_receipt(dw):
    cold_store, road, pledge, receipt = switched_wholesale(dw, later="4000.00")
    assert services.designation_balance("project", project=road) == Decimal("7000.00")

    restore_designations(apps, None)

    pledge.refresh_from_db()
    receipt.refresh_from_db()
    assert (pledge.designation, pledge.project, pledge.village) == (
        "project",
        cold_store,
        dw.village,
    )
    assert receipt.account.region == dw.village
    assert services.designation_balance("project", project=cold_store) == Decimal("7000.00")
    assert services.designation_balance("project", project=road) == Decimal("3000.00")
    event = Event.objects.get(action="donations.pledge.designation_restored")
    assert (event.pledge, event.user, event.note) == (pledge, None, "4000.00")
    # Run again: nothing more to do.
    restore_designations(apps, None)
    assert Event.objects.filter(action="donations.pledge.designation_restored").count() == 1
    assert services.designation_balance("project", project=road) == Decimal("3000.00")


def test_a_later_receipt_already_spent_where_it_went_stays_booked_there(dw):
    cold_store, road, pledge, receipt = switched_wholesale(dw, later="4000.00")
    services.spending_record(
        user=dw.reporter,
        project=road,
        amount=Decimal("5000.00"),
        spent_on=date(2026, 11, 1),
        purpose="道路硬化",
        evidence=attachment_create(
            unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
        ),
    )

    restore_designations(apps, None)

    pledge.refresh_from_db()
    receipt.refresh_from_db()
    assert pledge.project == cold_store
    # Booking it back would leave the road 2,000.00 below zero.
    assert receipt.account.region == dw.village2
    assert services.designation_balance("project", project=road) == Decimal("2000.00")
    assert services.designation_balance("project", project=cold_store) == Decimal("3000.00")

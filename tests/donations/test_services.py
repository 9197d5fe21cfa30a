"""The money rules, through the services: partial and excess receipts, withdrawal,
designations never diverted, large-gift certificates at the thresholds, goods confirmed
by the receiving township."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from donations import services
from donations.models import (
    Certificate,
    EntryKind,
    LedgerEntry,
    PledgeStatus,
    Reallocation,
    Receipt,
    ReceiptStatus,
)
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pay, pdf

pytestmark = pytest.mark.django_db


def test_partial_receipts_leave_the_rest_outstanding(dw):
    pledge = make_pledge(dw, amount="10000.00")
    pay(dw, pledge, "2500.10")
    pay(dw, pledge, "2500.10")
    figures = services.pledge_figures(pledge)
    assert figures["received"] == Decimal("5000.20")
    assert figures["outstanding"] == Decimal("4999.80")


def test_a_receipt_beyond_the_outstanding_amount_is_refused(dw):
    pledge = make_pledge(dw, amount="10000.00")
    pay(dw, pledge, "9999.99")
    with pytest.raises(services.DonationError, match=r"0\.01"):
        pay(dw, pledge, "0.02")
    assert Receipt.objects.count() == 1
    pay(dw, pledge, "0.01")
    assert services.pledge_figures(pledge)["outstanding"] == Decimal("0.00")


def test_cash_lands_in_the_village_account_or_the_central_account(dw):
    village_pledge = make_pledge(dw, designation="village", village=dw.village)
    central_pledge = make_pledge(dw)
    assert pay(dw, village_pledge, "100.00").account.region == dw.village
    central = pay(dw, central_pledge, "100.00").account
    assert (central.kind, central.region) == ("central", dw.yanchang)


def test_withdrawal_ends_what_is_outstanding_but_keeps_what_arrived(dw):
    pledge = make_pledge(dw, amount="3000.00")
    pay(dw, pledge, "1000.00")
    with pytest.raises(services.DonationError):
        services.pledge_withdraw(user=dw.reporter, pledge=pledge, reason=" ")
    services.pledge_withdraw(user=dw.reporter, pledge=pledge, reason="企业经营困难")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.WITHDRAWN
    figures = services.pledge_figures(pledge)
    assert (figures["received"], figures["outstanding"]) == (Decimal("1000.00"), Decimal("0.00"))
    with pytest.raises(services.DonationError):
        pay(dw, pledge, "1.00")


def test_a_pledge_received_in_full_cannot_be_withdrawn(dw):
    pledge = make_pledge(dw, amount="300.00")
    pay(dw, pledge, "300.00")
    with pytest.raises(services.DonationError):
        services.pledge_withdraw(user=dw.reporter, pledge=pledge, reason="改变主意")


def test_moving_designated_money_without_consent_is_refused(dw):
    project = make_project(dw)
    other = make_project(dw, title="七里村社区道路", village=dw.village2)
    pledge = make_pledge(dw, designation="project", project=project)
    pay(dw, pledge, "5000.00")
    with pytest.raises(services.DonationError):
        services.pledge_reallocate(
            user=dw.reporter,
            pledge=pledge,
            amount=Decimal("1000.00"),
            to_designation="project",
            to_project=other,
        )
    assert not Reallocation.objects.exists()
    assert services.designation_balance("project", project=project) == Decimal("5000.00")


def test_spending_more_than_the_project_holds_is_refused(dw):
    """Money given for other uses cannot be spent on a project: that would divert it."""
    project = make_project(dw)
    make_pledge(dw, amount="9000.00")  # undesignated money sits in the central account
    pay(dw, make_pledge(dw, amount="1000.00", designation="project", project=project), "1000.00")
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    with pytest.raises(services.DonationError):
        services.spending_record(
            user=dw.reporter,
            project=project,
            amount=Decimal("1000.01"),
            spent_on=date(2026, 11, 1),
            purpose="冷库设备",
            evidence=evidence,
        )
    services.spending_record(
        user=dw.reporter,
        project=project,
        amount=Decimal("1000.00"),
        spent_on=date(2026, 11, 1),
        purpose="冷库设备",
        evidence=evidence,
    )
    assert services.designation_balance("project", project=project) == Decimal("0.00")


def test_moving_money_with_consent_shows_in_the_ledger(dw):
    project = make_project(dw)
    other = make_project(dw, title="七里村社区道路", village=dw.village2)
    pledge = make_pledge(dw, designation="project", project=project)
    pay(dw, pledge, "5000.00")
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    services.pledge_reallocate(
        user=dw.reporter,
        pledge=pledge,
        amount=Decimal("2000.00"),
        to_designation="project",
        to_project=other,
        consent_on=date(2026, 11, 2),
        consent_note="捐赠企业来函同意",
        consent_evidence=evidence,
    )
    kinds = list(pledge.entries.order_by("pk").values_list("kind", "amount"))
    assert kinds == [
        (EntryKind.RECEIPT, Decimal("5000.00")),
        (EntryKind.MOVED_OUT, Decimal("-2000.00")),
        (EntryKind.MOVED_IN, Decimal("2000.00")),
    ]
    assert services.designation_balance("project", project=project) == Decimal("3000.00")
    assert services.designation_balance("project", project=other) == Decimal("2000.00")
    # The pledge keeps the donor's designation: only the 2,000.00 agreed has moved.
    pledge.refresh_from_db()
    assert pledge.project == project


def test_moving_more_than_is_held_is_refused_even_with_consent(dw):
    project = make_project(dw)
    pledge = make_pledge(dw, designation="project", project=project)
    pay(dw, pledge, "100.00")
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    with pytest.raises(services.DonationError):
        services.pledge_reallocate(
            user=dw.reporter,
            pledge=pledge,
            amount=Decimal("100.01"),
            to_designation="none",
            consent_on=date(2026, 11, 2),
            consent_note="同意",
            consent_evidence=evidence,
        )


@pytest.mark.parametrize(
    ("donor_type", "amount", "certified"),
    [
        ("enterprise", "49999.99", False),
        ("enterprise", "50000.00", True),
        ("unit", "49999.99", False),
        ("social_org", "50000.00", True),
        ("individual", "4999.99", False),
        ("individual", "5000.00", True),
    ],
)
def test_large_gift_thresholds(dw, donor_type, amount, certified):
    pledge = make_pledge(dw, amount=amount, donor_type=donor_type, donor_name="捐赠者")
    assert pledge.is_large_gift is certified
    pay(dw, pledge, amount)
    assert Certificate.objects.filter(pledge=pledge).exists() is certified


@pytest.mark.usefixtures("late_2026")  # the serial carries the year of the clock
def test_a_large_gift_paid_in_instalments_earns_one_certificate_when_complete(dw):
    pledge = make_pledge(dw, amount="60000.00")
    pay(dw, pledge, "30000.00")
    assert not Certificate.objects.exists()
    pay(dw, pledge, "30000.00")
    certificate = Certificate.objects.get()
    assert certificate.amount == Decimal("60000.00")
    assert certificate.serial == "610621-2026-00001"


def test_a_large_gift_partly_given_and_then_withdrawn_is_certified_for_what_arrived(dw):
    pledge = make_pledge(dw, amount="100000.00")
    pay(dw, pledge, "60000.00")
    assert not Certificate.objects.exists()
    services.pledge_withdraw(user=dw.reporter, pledge=pledge, reason="余款不再捐赠")
    assert Certificate.objects.get().amount == Decimal("60000.00")


def test_goods_count_once_the_receiving_township_confirms(dw):
    pledge = make_pledge(
        dw,
        kind="goods",
        amount="8000.00",
        designation="village",
        village=dw.village,
        items=[("棉被", Decimal("200"), "床")],
    )
    certificate = attachment_create(
        unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
    )
    receipt = services.receipt_record_goods(
        user=dw.reporter,
        pledge=pledge,
        amount=Decimal("7600.00"),
        received_on=date(2026, 10, 9),
        valued_by=dw.village,
        certificate=certificate,
    )
    figures = services.pledge_figures(pledge)
    assert (figures["received"], figures["pending"]) == (Decimal("0.00"), Decimal("7600.00"))
    with pytest.raises(PermissionDenied):
        services.receipt_confirm_goods(user=dw.reporter, receipt=receipt)
    services.receipt_confirm_goods(user=dw.township_reporter, receipt=receipt)
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.CONFIRMED
    assert services.pledge_figures(pledge)["received"] == Decimal("7600.00")
    # Goods never touch a cash account.
    assert not LedgerEntry.objects.exists()


def test_goods_pledge_needs_items(dw):
    with pytest.raises(services.DonationError):
        make_pledge(dw, kind="goods", amount="100.00")


def test_staff_of_another_county_cannot_record_pledges(dw):
    with pytest.raises(PermissionDenied):
        services.pledge_record(
            user=dw.neighbour_reporter,
            drive=dw.drive,
            donor_type="individual",
            donor_name="张三",
            kind="cash",
            amount=Decimal("10"),
            designation="none",
        )


def test_only_the_county_office_screens(dw):
    project = make_project(dw, publish=False)
    with pytest.raises(PermissionDenied):
        services.project_screen(user=dw.township_reporter, project=project, accept=True)
    with pytest.raises(PermissionDenied):
        services.project_screen(user=dw.neighbour_reporter, project=project, accept=True)
    services.project_screen(user=dw.approver, project=project, accept=True)
    with pytest.raises(services.DonationError):
        services.project_screen(user=dw.approver, project=project, accept=False)


def test_a_public_intention_counts_only_once_confirmed(dw):
    pledge = services.pledge_intention_submit(
        drive=dw.drive,
        donor_type="individual",
        donor_name="刘爱心",
        kind="cash",
        amount=Decimal("500.00"),
        designation="none",
        contact_phone="13912345678",
    )
    assert pledge.status == PledgeStatus.INTENTION
    with pytest.raises(services.DonationError):
        pay(dw, pledge, "10.00")
    services.pledge_confirm(user=dw.reporter, pledge=pledge)
    pay(dw, pledge, "500.00")
    assert services.pledge_figures(pledge)["received"] == Decimal("500.00")

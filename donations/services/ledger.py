"""What was received and spent. Cash moves only here and only as LedgerEntry rows: a
receipt adds one, a spending subtracts one, a reallocation writes a pair (out of the
donor's designation, into the new use).

A pledge's designation is the donor's and never changes: every receipt is booked under
it. A move with the donor's consent takes exactly the amount agreed out of it; the rest,
and whatever arrives later, stays where the donor designated it."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import access
from donations.models import (
    ZERO,
    Account,
    AccountKind,
    Designation,
    EntryKind,
    GiftKind,
    LedgerEntry,
    Pledge,
    PledgeStatus,
    Project,
    ProjectStatus,
    Reallocation,
    Receipt,
    ReceiptStatus,
    Spending,
    fen,
    money_sum,
)
from donations.services.certificates import certificate_if_large
from donations.services.common import (
    DonationError,
    drive_county,
    money,
    pledge_figures,
    record_event,
)
from donations.services.pledges import designation_fields
from portal.models import Attachment, Region, RegionLevel, User


def account_for(pledge: Pledge) -> Account:
    """The village's collective account for a designated village or project; the county's
    central account for an undesignated gift."""
    return _account(village=pledge.village, county=drive_county(pledge.drive))


def _account(*, village: Region | None, county: Region) -> Account:
    if village is not None:
        return Account.objects.get_or_create(kind=AccountKind.VILLAGE, region=village)[0]
    return Account.objects.get_or_create(kind=AccountKind.CENTRAL, region=county)[0]


def _entry(*, account, project, village, county, kind, amount, occurred_on, **refs) -> LedgerEntry:
    return LedgerEntry.objects.create(
        account=account,
        project=project,
        village=village,
        region=village or county,
        kind=kind,
        amount=amount,
        occurred_on=occurred_on,
        **refs,
    )


def _check_not_excess(pledge: Pledge, amount: Decimal) -> None:
    if pledge.status != PledgeStatus.CONFIRMED:
        raise DonationError(_("Receipts are recorded only against a confirmed pledge."))
    figures = pledge_figures(pledge)
    if amount > figures["outstanding"]:
        # Excess is refused rather than booked: money beyond the promise is a new gift and
        # is recorded as a new pledge, so the donor's designation for it is asked, not assumed.
        raise DonationError(
            _(
                "%(amount)s yuan is more than the %(outstanding)s yuan still outstanding on this "
                "pledge. Record the difference as a new pledge."
            )
            % {"amount": amount, "outstanding": figures["outstanding"]}
        )


@transaction.atomic
def receipt_record_cash(
    *, user: User, pledge: Pledge, amount: Decimal, received_on: date, reference: str
) -> Receipt:
    """Cash arrived in the account the designation names. Adds one ledger entry."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = (
        Pledge.objects.select_for_update().select_related("drive__unit__region").get(pk=pledge.pk)
    )
    amount = money(amount)
    if pledge.kind != GiftKind.CASH:
        raise DonationError(_("This pledge is in kind: record the goods and their valuation."))
    _check_not_excess(pledge, amount)
    account = account_for(pledge)
    receipt = Receipt.objects.create(
        pledge=pledge,
        kind=GiftKind.CASH,
        amount=amount,
        received_on=received_on,
        reference=reference,
        account=account,
        status=ReceiptStatus.CONFIRMED,
        recorded_by=user,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )
    _entry(
        account=account,
        project=pledge.project,
        village=pledge.village,
        county=drive_county(pledge.drive),
        kind=EntryKind.RECEIPT,
        amount=amount,
        occurred_on=received_on,
        pledge=pledge,
        receipt=receipt,
    )
    record_event("donations.receipt.cash", user, pledge=pledge, note=f"{amount} {reference}")
    certificate_if_large(pledge)
    return receipt


@transaction.atomic
def receipt_record_goods(
    *,
    user: User,
    pledge: Pledge,
    amount: Decimal,
    received_on: date,
    valued_by: Region,
    certificate: Attachment,
    reference: str = "",
) -> Receipt:
    """Goods delivered; the receiving township or village's market valuation and its
    certificate are recorded, and count once that township or village confirms."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    amount = money(amount)
    if pledge.kind != GiftKind.GOODS:
        raise DonationError(_("This pledge is in cash: record the money received."))
    if valued_by.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE) or not (
        valued_by.path.startswith(pledge.unit.region.path)
    ):
        raise DonationError(_("Goods are valued by a township or village of the county."))
    _check_not_excess(pledge, amount)
    receipt = Receipt.objects.create(
        pledge=pledge,
        kind=GiftKind.GOODS,
        amount=amount,
        received_on=received_on,
        reference=reference,
        valued_by=valued_by,
        certificate=certificate,
        status=ReceiptStatus.PENDING,
        recorded_by=user,
    )
    record_event("donations.receipt.goods", user, pledge=pledge, note=str(amount))
    return receipt


@transaction.atomic
def receipt_confirm_goods(*, user: User, receipt: Receipt) -> Receipt:
    if not access.can_confirm_goods(user, receipt):
        raise PermissionDenied
    changed = Receipt.objects.filter(pk=receipt.pk, status=ReceiptStatus.PENDING).update(
        status=ReceiptStatus.CONFIRMED, confirmed_by=user, confirmed_at=timezone.now()
    )
    if changed != 1:
        raise DonationError(_("These goods have already been confirmed."))
    receipt.refresh_from_db()
    record_event("donations.receipt.goods_confirmed", user, pledge=receipt.pledge)
    certificate_if_large(receipt.pledge)
    return receipt


def designation_balance(designation: str, *, project=None, village=None, county=None) -> Decimal:
    entries = LedgerEntry.objects.all()
    if designation == Designation.PROJECT:
        entries = entries.filter(project=project)
    elif designation == Designation.VILLAGE:
        entries = entries.filter(village=village, project=None)
    else:
        entries = entries.filter(village=None, region=county)
    return fen(entries.aggregate(total=money_sum("amount"))["total"])


def movable(pledge: Pledge) -> Decimal:
    """How much of a pledge's cash may still be moved: what was received under the donor's
    designation and not yet moved out of it, and no more than that use still holds
    unspent (spending on a project is not split among its donors)."""
    held = fen(
        pledge.entries.filter(project=pledge.project, village=pledge.village).aggregate(
            total=money_sum("amount")
        )["total"]
    )
    unspent = designation_balance(
        pledge.designation,
        project=pledge.project,
        village=pledge.village,
        county=drive_county(pledge.drive),
    )
    return max(min(held, unspent), ZERO)


@transaction.atomic
def pledge_reallocate(
    *,
    user: User,
    pledge: Pledge,
    amount: Decimal,
    to_designation: str,
    to_project: Project | None = None,
    to_village: Region | None = None,
    consent_on: date | None = None,
    consent_note: str = "",
    consent_evidence: Attachment | None = None,
) -> Reallocation:
    """Move the amount the donor agreed to, out of the pledge's designation to another use.
    A designation is never diverted: without the donor's recorded consent (a note and
    evidence) this is refused, and so is more than was received for the designation and
    not yet moved or spent. Writes a pair of ledger entries in one transaction. The pledge
    keeps its designation: what it still holds there, and what arrives later, stays there.
    Records the move in the journal."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = (
        Pledge.objects.select_for_update().select_related("drive__unit__region").get(pk=pledge.pk)
    )
    if pledge.project_id:
        # Spending takes the project's row lock: hold it so what is unspent stays so.
        Project.objects.select_for_update().filter(pk=pledge.project_id).get()
    amount = money(amount)
    if consent_evidence is None or not consent_note.strip() or consent_on is None:
        raise DonationError(
            _(
                "Funds given for one use may go to another only with the donor's consent: "
                "record how and when the donor agreed, with evidence."
            )
        )
    county = drive_county(pledge.drive)
    target = designation_fields(pledge.drive, to_designation, to_project, to_village)
    if (target["project"], target["village"]) == (pledge.project, pledge.village):
        raise DonationError(_("The new use is the same as the present one."))
    available = movable(pledge)
    if amount > available:
        raise DonationError(
            _(
                "At most %(available)s yuan of this gift can be moved: what was received for "
                "the use the donor designated and has not yet been moved or spent."
            )
            % {"available": available}
        )
    move = Reallocation.objects.create(
        pledge=pledge,
        amount=amount,
        from_designation=pledge.designation,
        from_project=pledge.project,
        from_village=pledge.village,
        to_designation=target["designation"],
        to_project=target["project"],
        to_village=target["village"],
        consent_on=consent_on,
        consent_note=consent_note,
        consent_evidence=consent_evidence,
        recorded_by=user,
    )
    today = timezone.localdate()
    _entry(
        account=account_for(pledge),
        project=pledge.project,
        village=pledge.village,
        county=county,
        kind=EntryKind.MOVED_OUT,
        amount=-amount,
        occurred_on=today,
        pledge=pledge,
        reallocation=move,
    )
    _entry(
        account=_account(village=target["village"], county=county),
        project=target["project"],
        village=target["village"],
        county=county,
        kind=EntryKind.MOVED_IN,
        amount=amount,
        occurred_on=today,
        pledge=pledge,
        reallocation=move,
    )
    record_event("donations.pledge.reallocated", user, pledge=pledge, note=consent_note)
    return move


@transaction.atomic
def spending_record(
    *,
    user: User,
    project: Project,
    amount: Decimal,
    spent_on: date,
    purpose: str,
    evidence: Attachment,
) -> Spending:
    """Use of a project's funds. Only money given for this project may be spent on it."""
    if not access.can_act_for(user, project.office):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    amount = money(amount)
    if project.status not in (ProjectStatus.PUBLISHED, ProjectStatus.ENDED):
        raise DonationError(_("Spending is recorded on a published project."))
    balance = designation_balance(Designation.PROJECT, project=project)
    if amount > balance:
        raise DonationError(
            _(
                "The project holds %(balance)s yuan; money given for other uses cannot be "
                "spent on it without its donors' consent."
            )
            % {"balance": balance}
        )
    spending = Spending.objects.create(
        project=project,
        amount=amount,
        spent_on=spent_on,
        purpose=purpose,
        evidence=evidence,
        recorded_by=user,
    )
    account = Account.objects.get_or_create(kind=AccountKind.VILLAGE, region=project.village)[0]
    _entry(
        account=account,
        project=project,
        village=project.village,
        county=None,
        kind=EntryKind.SPENDING,
        amount=-amount,
        occurred_on=spent_on,
        spending=spending,
    )
    record_event("donations.project.spending", user, project=project, note=f"{amount} {purpose}")
    return spending

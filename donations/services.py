"""Every write in donations. Each service is keyword-only, checks the person's right
and the object's state, runs in one transaction and records a journal event.

Cash moves only here and only as LedgerEntry rows: a receipt adds one, a spending
subtracts one, a reallocation writes a pair (out of the old use, into the new one).
Raises DonationError (shown to the person as a message) or PermissionDenied.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import services as campaign_services
from campaigns.models import Assignment, Campaign, CampaignStatus, Progress
from donations import access, drive_figures, public_cache, rules
from donations.models import (
    ZERO,
    Account,
    AccountKind,
    Certificate,
    Designation,
    DonorType,
    Drive,
    EntryKind,
    Event,
    GiftKind,
    LedgerEntry,
    Pledge,
    PledgeItem,
    PledgeStatus,
    Project,
    ProjectStatus,
    Reallocation,
    Receipt,
    ReceiptStatus,
    Spending,
    Wish,
    WishStatus,
    fen,
    money_sum,
)
from portal.models import Attachment, Region, RegionLevel, Role, Unit, User
from portal.scoping import has_role


class DonationError(Exception):
    """A refused action, with a message for the person who tried it."""


def _money(value) -> Decimal:
    amount = Decimal(value).quantize(Decimal("0.01"))
    if amount <= 0:
        raise DonationError(_("Amounts must be greater than zero."))
    return amount


def _event(action: str, user=None, **refs) -> None:
    Event.objects.create(action=action, user=user, **refs)
    # Every write may change a public figure: the public pages recompute after commit.
    transaction.on_commit(public_cache.bump)


# --- Projects -----------------------------------------------------------------------


@transaction.atomic
def project_propose(
    *,
    user: User,
    unit: Unit,
    village: Region,
    title: str,
    purpose: str,
    category: str,
    budget: Decimal,
    claim_deadline: date,
    photos: list[Attachment] = (),
) -> Project:
    """A township's reporter proposes a project in a village of its area."""
    if not access.can_propose_in(user, unit):
        raise PermissionDenied
    if village.level != RegionLevel.VILLAGE or not village.path.startswith(unit.region.path):
        raise DonationError(_("Choose a village in your unit's area."))
    office = access.county_office_for(village)
    if office is None:
        raise DonationError(_("The village's county has no poverty-alleviation office."))
    project = Project(
        unit=unit,
        office=office,
        village=village,
        title=title,
        purpose=purpose,
        category=category,
        budget=_money(budget),
        claim_deadline=claim_deadline,
        created_by=user,
    )
    project.full_clean()
    project.save()
    project.photos.set(photos)
    _event("donations.project.proposed", user, project=project)
    return project


@transaction.atomic
def project_screen(*, user: User, project: Project, accept: bool, note: str = "") -> Project:
    """The county office publishes a proposed project for claiming, or declines it."""
    if not access.can_screen(user, project):
        raise PermissionDenied
    changed = Project.objects.filter(pk=project.pk, status=ProjectStatus.PROPOSED).update(
        status=ProjectStatus.PUBLISHED if accept else ProjectStatus.REJECTED,
        screening_note=note,
        screened_by=user,
        screened_at=timezone.now(),
    )
    if changed != 1:
        raise DonationError(_("This project has already been screened."))
    project.refresh_from_db()
    action = "donations.project.published" if accept else "donations.project.rejected"
    _event(action, user, project=project, note=note)
    return project


@transaction.atomic
def project_end(*, user: User, project: Project, ended_on: date) -> Project:
    if not access.can_act_for(user, project.office):
        raise PermissionDenied
    if project.status != ProjectStatus.PUBLISHED:
        raise DonationError(_("Only a published project can be ended."))
    project.status = ProjectStatus.ENDED
    project.ended_on = ended_on
    project.save(update_fields=["status", "ended_on"])
    _event("donations.project.ended", user, project=project)
    return project


@transaction.atomic
def project_disclose_use(*, user: User, project: Project) -> Project:
    """Publish the project's use of funds on the public page."""
    if not access.can_act_for(user, project.office):
        raise PermissionDenied
    if project.status != ProjectStatus.ENDED or project.use_disclosed_at:
        raise DonationError(_("The use of funds is disclosed once, after the project ends."))
    project.use_disclosed_at = timezone.now()
    project.save(update_fields=["use_disclosed_at"])
    _event("donations.project.use_disclosed", user, project=project)
    return project


# --- Drives and pledges -------------------------------------------------------------


@transaction.atomic
def drive_create(
    *,
    user: User,
    unit: Unit,
    title: str,
    period_start: date,
    period_end: date,
    stats_due=None,
    campaign: Campaign | None = None,
) -> Drive:
    if not access.can_act_for(user, unit):
        raise PermissionDenied
    if period_end < period_start:
        raise DonationError(_("The drive must end after it starts."))
    _check_campaign(user, unit, campaign)
    drive = Drive.objects.create(
        unit=unit,
        title=title,
        period_start=period_start,
        period_end=period_end,
        stats_due=stats_due,
        campaign=campaign,
    )
    if campaign is not None:
        _event("donations.drive.campaign_linked", user, note=f"{drive.pk}:{campaign.pk}")
    return drive


def _check_campaign(user: User, unit: Unit, campaign: Campaign | None) -> None:
    if campaign is not None and not (
        drive_figures.campaign_choices(user, [unit]).filter(pk=campaign.pk).exists()
    ):
        raise DonationError(
            _("Choose a campaign that the drive's office takes part in and that is not closed.")
        )


@transaction.atomic
def drive_link_campaign(*, user: User, drive: Drive, campaign: Campaign | None) -> Drive:
    """Link the drive to the campaign whose closing summary takes its statistics, or
    unlink it (campaign None). Once statistics are filed the link stays as it is."""
    if not access.can_act_for(user, drive.unit):
        raise PermissionDenied
    drive = (
        Drive.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=drive.pk)
    )
    if drive.campaign_id == (campaign.pk if campaign else None):
        return drive
    if drive.stats_filed_at:
        raise DonationError(
            _("The statistics have been filed into %(campaign)s, so the drive stays linked to it.")
            % {"campaign": drive.campaign}
        )
    _check_campaign(user, drive.unit, campaign)
    drive.campaign = campaign
    drive.save(update_fields=["campaign"])
    _event(
        "donations.drive.campaign_linked" if campaign else "donations.drive.campaign_unlinked",
        user,
        note=f"{drive.pk}:{campaign.pk if campaign else ''}",
    )
    return drive


def drive_statistics_assignment(drive: Drive) -> Assignment:
    """The closing-summary assignment that takes the drive's statistics, or DonationError
    saying why there is none that may take them now. Reads only: the drive page asks
    it to explain a disabled button."""
    campaign = drive.campaign
    if campaign is None:
        raise DonationError(
            _(
                "Link the drive to a campaign first: its statistics are filed as that "
                "campaign's closing summary."
            )
        )
    names = {"campaign": campaign, "office": drive.unit.name}
    if not campaign.summary_due and not campaign.activities.filter(is_summary=True).exists():
        raise DonationError(
            _(
                "%(campaign)s asks for no closing summary, so there is nowhere to file "
                "the statistics."
            )
            % names
        )
    if campaign.status == CampaignStatus.DRAFT:
        raise DonationError(
            _(
                "%(campaign)s has not been published yet: its closing summary is assigned "
                "when it is published."
            )
            % names
        )
    if campaign.status == CampaignStatus.CLOSED:
        raise DonationError(_("%(campaign)s is closed and takes no more filings.") % names)
    assignment = drive_figures.summary_assignment(drive)
    if assignment is None:
        raise DonationError(
            _(
                "%(office)s has no closing summary to file in %(campaign)s: only the "
                "campaign's responsible units file one."
            )
            % names
        )
    if not assignment.is_open:
        raise DonationError(
            _(
                "The closing summary of %(office)s in %(campaign)s is “%(state)s” and takes "
                "no more filings unless it is sent back."
            )
            % {**names, "state": assignment.get_state_display()}
        )
    return assignment


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def drive_statistics_text(
    drive: Drive, figures: drive_figures.DriveFigures, *, as_of: date, increase: Decimal
) -> str:
    """The readable summary filed as the progress text, in the filer's language."""
    lines = [
        _(
            "Donation statistics for %(drive)s, as of %(date)s: received ¥%(received)s "
            "(cash ¥%(cash)s, in kind ¥%(goods)s) from %(donors)s donors."
        )
        % {
            "drive": drive.title,
            "date": as_of.isoformat(),
            "received": _yuan(figures.received),
            "cash": _yuan(figures.cash),
            "goods": _yuan(figures.goods),
            "donors": figures.donors,
        },
        _(
            "Designated for a village or project ¥%(designated)s; not designated "
            "(central account) ¥%(undesignated)s."
        )
        % {"designated": _yuan(figures.designated), "undesignated": _yuan(figures.undesignated)},
    ]
    if figures.by_donor_type:
        types = "; ".join(
            f"{DonorType(kind).label} ¥{_yuan(amount)}"
            for kind, amount in figures.by_donor_type.items()
        )
        lines.append(_("By donor type: %(types)s.") % {"types": types})
    lines.append(_("Confirmed pledges total ¥%(pledged)s.") % {"pledged": _yuan(figures.pledged)})
    if drive.stats_filed_at:
        lines.append(
            _(
                "¥%(previous)s of this was filed on %(date)s; this filing adds ¥%(increase)s "
                "to the funds raised."
            )
            % {
                "previous": _yuan(drive.stats_filed_total),
                "date": timezone.localdate(drive.stats_filed_at).isoformat(),
                "increase": _yuan(increase),
            }
        )
    return "\n".join(lines)


@transaction.atomic
def drive_file_statistics(*, user: User, drive: Drive, version: int) -> Progress:
    """File the drive's figures (from confirmed receipts, to the fen) as progress on the
    closing-summary assignment of its office in the linked campaign, through
    campaigns.services.progress_file. `version` is the assignment version the page showed.

    One transaction: the drive row is locked, the progress is filed (the assignment moves
    to "in progress" and the campaign journal records it), the drive records who filed,
    when, the progress and the total filed, and the donations journal gets an event.
    Filing again is allowed once more has been received: the campaign adds up the funds
    raised over all progress reports, so a later filing reports only the increase."""
    if not access.can_act_for(user, drive.unit):
        raise PermissionDenied
    drive = (
        Drive.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=drive.pk)
    )
    assignment = drive_statistics_assignment(drive)
    if not campaign_services.may_file(user, assignment):
        raise PermissionDenied
    figures = drive_figures.drive_figures(drive)
    if drive.stats_filed_at and figures.received <= drive.stats_filed_total:
        raise DonationError(
            _("Nothing more has been received since the statistics were filed on %(date)s.")
            % {"date": timezone.localdate(drive.stats_filed_at).isoformat()}
        )
    increase = figures.received - drive.stats_filed_total
    text = drive_statistics_text(drive, figures, as_of=timezone.localdate(), increase=increase)
    try:
        progress = campaign_services.progress_file(
            assignment=assignment,
            user=user,
            version=version,
            data={"text": text, "funds_raised": increase},
        )
    except campaign_services.CampaignError as error:
        raise DonationError(str(error)) from error
    except ValidationError as error:
        raise DonationError(validation_message(error)) from error
    drive.stats_filed_at = timezone.now()
    drive.stats_filed_by = user
    drive.stats_progress = progress
    drive.stats_filed_total = figures.received
    drive.save(
        update_fields=["stats_filed_at", "stats_filed_by", "stats_progress", "stats_filed_total"]
    )
    _event(
        "donations.drive.statistics_filed",
        user,
        note=f"{drive.pk}:{progress.pk}:{figures.received}:{increase}",
    )
    return progress


@transaction.atomic
def drive_disclose_donors(*, user: User, drive: Drive) -> int:
    """Publish the drive's donors and amounts (公示). Returns how many pledges were disclosed."""
    if not access.can_act_for(user, drive.unit):
        raise PermissionDenied
    if drive.donors_disclosed_at:
        raise DonationError(_("The donors of this drive have already been disclosed."))
    now = timezone.now()
    Drive.objects.filter(pk=drive.pk).update(donors_disclosed_at=now)
    drive.donors_disclosed_at = now
    count = Pledge.objects.filter(drive=drive, status=PledgeStatus.CONFIRMED).update(
        disclosed_at=now
    )
    _event("donations.drive.donors_disclosed", user, note=f"{drive.pk}:{count}")
    return count


def _designation_fields(drive: Drive, designation: str, project, village) -> dict:
    if designation == Designation.PROJECT:
        if project is None:
            raise DonationError(_("Choose the project the gift is for."))
        if project.status not in (ProjectStatus.PUBLISHED, ProjectStatus.ENDED):
            raise DonationError(_("Only published projects can be given to."))
        if project.office_id != drive.unit_id:
            raise DonationError(_("The project is not in this drive's county."))
        return {"designation": designation, "project": project, "village": project.village}
    if designation == Designation.VILLAGE:
        if village is None or village.level != RegionLevel.VILLAGE:
            raise DonationError(_("Choose the village the gift is for."))
        if not village.path.startswith(drive.unit.region.path):
            raise DonationError(_("The village is not in this drive's county."))
        return {"designation": designation, "project": None, "village": village}
    return {"designation": Designation.NONE, "project": None, "village": None}


def _pledge(
    drive, *, donor_type, donor_name, kind, amount, designation, project, village, items, **extra
) -> Pledge:
    pledge = Pledge(
        drive=drive,
        unit=drive.unit,
        donor_type=donor_type,
        donor_name=donor_name.strip(),
        kind=kind,
        amount=_money(amount),
        **_designation_fields(drive, designation, project, village),
        **extra,
    )
    if kind == GiftKind.GOODS and not items:
        raise DonationError(_("List the goods pledged, with their quantities."))
    pledge.full_clean()
    pledge.save()
    for description, quantity, unit_label in items:
        PledgeItem.objects.create(
            pledge=pledge, description=description, quantity=quantity, unit_label=unit_label
        )
    return pledge


@transaction.atomic
def pledge_record(
    *,
    user: User,
    drive: Drive,
    donor_type: str,
    donor_name: str,
    kind: str,
    amount: Decimal,
    designation: str,
    project: Project | None = None,
    village: Region | None = None,
    items=(),
    due_date: date | None = None,
    anonymous: bool = False,
    contact_phone: str = "",
    note: str = "",
) -> Pledge:
    """Staff record a pledge; it counts at once."""
    if not access.can_act_for(user, drive.unit):
        raise PermissionDenied
    pledge = _pledge(
        drive,
        donor_type=donor_type,
        donor_name=donor_name,
        kind=kind,
        amount=amount,
        designation=designation,
        project=project,
        village=village,
        items=items,
        due_date=due_date,
        anonymous=anonymous,
        contact_phone=contact_phone,
        note=note,
        status=PledgeStatus.CONFIRMED,
        created_by=user,
        confirmed_at=timezone.now(),
    )
    _event("donations.pledge.recorded", user, pledge=pledge)
    return pledge


@transaction.atomic
def pledge_intention_submit(
    *,
    drive: Drive,
    donor_type: str,
    donor_name: str,
    kind: str,
    amount: Decimal,
    designation: str,
    project: Project | None = None,
    village: Region | None = None,
    items=(),
    anonymous: bool = False,
    contact_phone: str = "",
    note: str = "",
) -> Pledge:
    """A member of the public states an intention; it counts only once staff confirm it."""
    if not drive.accepts_public:
        raise DonationError(_("This drive does not take pledges online."))
    pledge = _pledge(
        drive,
        donor_type=donor_type,
        donor_name=donor_name,
        kind=kind,
        amount=amount,
        designation=designation,
        project=project,
        village=village,
        items=items,
        anonymous=anonymous,
        contact_phone=contact_phone,
        note=note,
        status=PledgeStatus.INTENTION,
        from_public=True,
    )
    _event("donations.pledge.intention", None, pledge=pledge)
    return pledge


@transaction.atomic
def pledge_confirm(*, user: User, pledge: Pledge, accept: bool = True) -> Pledge:
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    changed = Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.INTENTION).update(
        status=PledgeStatus.CONFIRMED if accept else PledgeStatus.DECLINED,
        confirmed_at=timezone.now() if accept else None,
        created_by=user,
    )
    if changed != 1:
        raise DonationError(_("This intention has already been dealt with."))
    pledge.refresh_from_db()
    _event(
        "donations.pledge.confirmed" if accept else "donations.pledge.declined", user, pledge=pledge
    )
    return pledge


@transaction.atomic
def pledge_withdraw(*, user: User, pledge: Pledge, reason: str) -> Pledge:
    """The donor withdraws what is still outstanding; what was received stays received."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.CONFIRMED:
        raise DonationError(_("Only a confirmed pledge can be withdrawn."))
    if pledge_figures(pledge)["received"] >= pledge.amount:
        raise DonationError(_("This pledge has been received in full."))
    if not reason.strip():
        raise DonationError(_("Say why the pledge is withdrawn."))
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.withdraw_reason = reason
    pledge.save(update_fields=["status", "withdraw_reason"])
    _event("donations.pledge.withdrawn", user, pledge=pledge, note=reason)
    _certificate_if_large(pledge)
    return pledge


def pledge_figures(pledge: Pledge) -> dict:
    """Pledged, received (confirmed), awaiting confirmation and outstanding, in yuan."""
    sums = {
        row["status"]: row["total"]
        for row in pledge.receipts.order_by().values("status").annotate(total=money_sum("amount"))
    }
    received = fen(sums.get(ReceiptStatus.CONFIRMED))
    pending = fen(sums.get(ReceiptStatus.PENDING))
    if pledge.status == PledgeStatus.WITHDRAWN:
        outstanding = ZERO
    else:
        outstanding = max(pledge.amount - received - pending, ZERO)
    return {
        "pledged": pledge.amount,
        "received": received,
        "pending": pending,
        "outstanding": outstanding,
    }


# --- Accounts and the ledger --------------------------------------------------------


def _county(drive: Drive) -> Region:
    return access.county_of(drive.unit.region) or drive.unit.region


def account_for(pledge: Pledge) -> Account:
    """The village's collective account for a designated village or project; the county's
    central account for an undesignated gift."""
    if pledge.village_id:
        account = Account.objects.get_or_create(kind=AccountKind.VILLAGE, region=pledge.village)[0]
    else:
        account = Account.objects.get_or_create(
            kind=AccountKind.CENTRAL, region=_county(pledge.drive)
        )[0]
    return account


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
    amount = _money(amount)
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
        county=_county(pledge.drive),
        kind=EntryKind.RECEIPT,
        amount=amount,
        occurred_on=received_on,
        pledge=pledge,
        receipt=receipt,
    )
    _event("donations.receipt.cash", user, pledge=pledge, note=f"{amount} {reference}")
    _certificate_if_large(pledge)
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
    amount = _money(amount)
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
    _event("donations.receipt.goods", user, pledge=pledge, note=str(amount))
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
    _event("donations.receipt.goods_confirmed", user, pledge=receipt.pledge)
    _certificate_if_large(receipt.pledge)
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
    """Move received cash from the pledge's designation to another use. A designation is
    never diverted: without the donor's recorded consent (a note and evidence) this is
    refused. Writes a pair of ledger entries and makes the new use the pledge's designation."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = (
        Pledge.objects.select_for_update().select_related("drive__unit__region").get(pk=pledge.pk)
    )
    amount = _money(amount)
    if consent_evidence is None or not consent_note.strip() or consent_on is None:
        raise DonationError(
            _(
                "Funds given for one use may go to another only with the donor's consent: "
                "record how and when the donor agreed, with evidence."
            )
        )
    county = _county(pledge.drive)
    target = _designation_fields(pledge.drive, to_designation, to_project, to_village)
    if (target["project"], target["village"]) == (pledge.project, pledge.village):
        raise DonationError(_("The new use is the same as the present one."))
    held = fen(
        pledge.entries.filter(project=pledge.project, village=pledge.village).aggregate(
            total=money_sum("amount")
        )["total"]
    )
    available = min(
        held,
        designation_balance(
            pledge.designation, project=pledge.project, village=pledge.village, county=county
        ),
    )
    if amount > available:
        raise DonationError(
            _("Only %(available)s yuan of this gift is held unspent for its present use.")
            % {"available": available}
        )
    source_account = account_for(pledge)
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
        account=source_account,
        project=pledge.project,
        village=pledge.village,
        county=county,
        kind=EntryKind.MOVED_OUT,
        amount=-amount,
        occurred_on=today,
        pledge=pledge,
        reallocation=move,
    )
    pledge.designation = target["designation"]
    pledge.project = target["project"]
    pledge.village = target["village"]
    pledge.save(update_fields=["designation", "project", "village"])
    _entry(
        account=account_for(pledge),
        project=pledge.project,
        village=pledge.village,
        county=county,
        kind=EntryKind.MOVED_IN,
        amount=amount,
        occurred_on=today,
        pledge=pledge,
        reallocation=move,
    )
    _event("donations.pledge.reallocated", user, pledge=pledge, note=consent_note)
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
    amount = _money(amount)
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
    _event("donations.project.spending", user, project=project, note=f"{amount} {purpose}")
    return spending


# --- Certificates -------------------------------------------------------------------


def _certificate_if_large(pledge: Pledge) -> Certificate | None:
    """A complete gift whose confirmed receipts reach the threshold earns a county
    certificate. One pledge is one gift: instalments of the same pledge count together."""
    if hasattr(pledge, "certificate") and Certificate.objects.filter(pledge=pledge).exists():
        return None
    received = pledge_figures(pledge)["received"]
    # The certificate states what was given, so it waits until the gift is complete:
    # received in full, or the rest withdrawn.
    complete = received >= pledge.amount or pledge.status == PledgeStatus.WITHDRAWN
    if not complete or received < rules.large_gift_threshold(pledge.donor_type):
        return None
    county = _county(pledge.drive)
    year = timezone.localdate().year
    prefix = f"{county.code or county.pk}-{year}-"
    for _attempt in range(5):
        count = Certificate.objects.filter(serial__startswith=prefix).count()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    pledge=pledge,
                    serial=f"{prefix}{count + 1:05d}",
                    donor_name=pledge.public_name,
                    amount=received,
                )
            break
        except IntegrityError:
            if Certificate.objects.filter(pledge=pledge).exists():
                return None
    else:
        raise DonationError(_("Could not number the certificate; try again."))
    _event("donations.certificate.issued", None, pledge=pledge, note=certificate.serial)
    return certificate


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The county donation certificate as an official PDF (portal.pdf), rendered once
    and kept; its QR code and printed link lead to the public verification page."""
    if certificate.pdf:
        with certificate.pdf.open("rb") as stored:
            return stored.read()
    from io import BytesIO

    import segno
    from django.core.files.base import ContentFile

    from portal.pdf import render_pdf

    buffer = BytesIO()
    segno.make(verify_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    pledge = certificate.pledge
    context = {
        "certificate": certificate,
        "pledge": pledge,
        "issuer": pledge.unit.name,
        "doc_number": "",
        "doc_title": _("Donation certificate"),
        "issue_date": timezone.localtime(certificate.issued_at).date(),
        "qr_svg": buffer.getvalue().decode(),
        "verify_url": verify_url,
    }
    pdf = render_pdf(
        "pdf/donations/certificate.html", context, metadata={"Serial": certificate.serial}
    )
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not current.pdf:
            current.pdf.save(f"{certificate.serial}.pdf", ContentFile(pdf))
    return pdf


# --- Micro-wishes -------------------------------------------------------------------


@transaction.atomic
def wish_record(
    *,
    user: User,
    unit: Unit,
    village: Region,
    household_name: str,
    title: str,
    value: Decimal,
    deadline: date,
    household_id_number: str = "",
    household_phone: str = "",
) -> Wish:
    if not has_role(user, Role.REPORTER, unit):
        raise PermissionDenied
    if village.level != RegionLevel.VILLAGE:
        raise DonationError(_("Choose the household's village."))
    wish = Wish(
        unit=unit,
        village=village,
        household_name=household_name.strip(),
        household_id_number=household_id_number,
        household_phone=household_phone,
        title=title,
        value=_money(value),
        deadline=deadline,
        created_by=user,
    )
    wish.full_clean()
    wish.save()
    _event("donations.wish.recorded", user, wish=wish)
    return wish


@transaction.atomic
def wish_vet(*, user: User, wish: Wish, publish: bool) -> Wish:
    """The unit's approver publishes the wish, or withdraws it."""
    if not has_role(user, Role.APPROVER, wish.unit):
        raise PermissionDenied
    changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.DRAFT).update(
        status=WishStatus.PUBLISHED if publish else WishStatus.WITHDRAWN, vetted_by=user
    )
    if changed != 1:
        raise DonationError(_("This wish has already been vetted."))
    wish.refresh_from_db()
    _event("donations.wish.published" if publish else "donations.wish.withdrawn", user, wish=wish)
    return wish


def wish_claim(*, user: User, wish: Wish) -> Wish:
    """A caring person lights up a published wish. One conditional UPDATE claims it, so
    of two people clicking at once exactly one succeeds."""
    if not user.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.PUBLISHED).update(
            status=WishStatus.CLAIMED, claimed_by=user, claimed_at=timezone.now()
        )
        if changed != 1:
            raise DonationError(_("Someone has already lit up this wish."))
        _event("donations.wish.claimed", user, wish=wish)
    wish.refresh_from_db()
    return wish


@transaction.atomic
def wish_fulfil(*, user: User, wish: Wish, photo: Attachment, household_confirmed_on: date) -> Wish:
    """The unit records the wish fulfilled, with a photo and the household's confirmation."""
    if not has_role(user, Role.REPORTER, wish.unit):
        raise PermissionDenied
    if household_confirmed_on is None or photo is None:
        raise DonationError(_("A photo and the household's confirmation are needed."))
    changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.CLAIMED).update(
        status=WishStatus.FULFILLED,
        fulfilled_at=timezone.now(),
        photo=photo,
        household_confirmed_on=household_confirmed_on,
    )
    if changed != 1:
        raise DonationError(_("Only a claimed wish can be fulfilled."))
    wish.refresh_from_db()
    _event("donations.wish.fulfilled", user, wish=wish)
    return wish


def wish_claims_expire(now: datetime | None = None) -> int:
    """Claims not fulfilled within CLAIM_DAYS lapse; the wishes return to the list."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=rules.CLAIM_DAYS)
    with transaction.atomic():
        ids = list(
            Wish.objects.select_for_update()
            .filter(status=WishStatus.CLAIMED, claimed_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        Wish.objects.filter(pk__in=ids, status=WishStatus.CLAIMED).update(
            status=WishStatus.PUBLISHED, claimed_by=None, claimed_at=None
        )
        Event.objects.bulk_create(
            [Event(action="donations.wish.claim_expired", wish_id=pk) for pk in ids]
        )
        transaction.on_commit(public_cache.bump)
    return len(ids)


def validation_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)

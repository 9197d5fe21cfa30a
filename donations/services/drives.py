"""Donation drives: created, linked to a campaign, statistics filed, donors disclosed."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import services as campaign_services
from campaigns.models import Assignment, Campaign, CampaignStatus, Progress
from donations import access, drive_figures
from donations.models import (
    DonorType,
    Drive,
    Pledge,
    PledgeStatus,
)
from donations.services.common import DonationError, record_event, validation_message
from portal.models import Unit, User


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
        record_event(
            "donations.drive.campaign_linked", user, drive=drive, note=f"{drive.pk}:{campaign.pk}"
        )
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
    record_event(
        "donations.drive.campaign_linked" if campaign else "donations.drive.campaign_unlinked",
        user,
        drive=drive,
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
    record_event(
        "donations.drive.statistics_filed",
        user,
        drive=drive,
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
    record_event("donations.drive.donors_disclosed", user, drive=drive, note=f"{drive.pk}:{count}")
    return count

"""Reads for a drive's statistics: what its pledges gave (cash from the ledger,
confirmed goods), the campaigns its office may link it to, and the closing-summary
assignment they are filed on.

Money is summed exactly to the fen (donations.models.money_sum) and added up as Decimals.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from campaigns.models import Assignment, Campaign, CampaignStatus
from campaigns.selectors import campaigns_visible_to
from donations.models import (
    ZERO,
    Designation,
    DonorType,
    Drive,
    GiftKind,
    PledgeStatus,
    ReceiptStatus,
    fen,
    money_sum,
)
from donations.selectors import gift_breakdown


@dataclass
class DriveFigures:
    received: Decimal = ZERO
    cash: Decimal = ZERO
    goods: Decimal = ZERO
    designated: Decimal = ZERO
    undesignated: Decimal = ZERO
    # DonorType value -> received, in DonorType order, only types that gave.
    by_donor_type: dict = field(default_factory=dict)
    donors: int = 0
    pledged: Decimal = ZERO


def drive_figures(drive: Drive) -> DriveFigures:
    """What the drive received: cash as the ledger books it (so what a donor agreed to
    move counts under the use it was moved to, and only that amount), goods once the
    township has confirmed them; intentions and declined intentions do not count; what a
    withdrawn pledge had already given stays given. `pledged` is the confirmed pledges'
    total. Three queries however many pledges."""
    by = gift_breakdown(drive.pledges.all())
    undesignated = by["by_designation"].get(Designation.NONE, ZERO)
    figures = DriveFigures(
        received=by["total"],
        cash=by["by_kind"].get(GiftKind.CASH, ZERO),
        goods=by["by_kind"].get(GiftKind.GOODS, ZERO),
        designated=by["total"] - undesignated,
        undesignated=undesignated,
        by_donor_type={
            kind: by["by_donor_type"][kind]
            for kind in DonorType.values
            if by["by_donor_type"].get(kind)
        },
    )
    # One donor is one name of one type, however many pledges it made.
    givers = (
        drive.pledges.filter(receipts__status=ReceiptStatus.CONFIRMED)
        .order_by()
        .values_list("donor_type", "donor_name")
        .distinct()
    )
    pledged = drive.pledges.filter(status=PledgeStatus.CONFIRMED).aggregate(
        total=money_sum("amount")
    )["total"]
    figures.donors = len(set(givers))
    figures.pledged = fen(pledged)
    return figures


def campaign_choices(user, units) -> QuerySet[Campaign]:
    """Campaigns not closed that the person sees and the office takes part in (organises,
    leads or is responsible for an activity of), for the drive form."""
    return (
        campaigns_visible_to(user)
        .exclude(status=CampaignStatus.CLOSED)
        .filter(
            Q(owner_unit__in=units)
            | Q(activities__lead_unit__in=units)
            | Q(activities__responsible_units__in=units)
        )
        .distinct()
        .order_by("-year", "title")
    )


def summary_assignment(drive: Drive) -> Assignment | None:
    """The closing-summary assignment of the drive's office in its linked campaign."""
    if drive.campaign_id is None:
        return None
    return (
        Assignment.objects.filter(
            activity__campaign_id=drive.campaign_id,
            activity__is_summary=True,
            unit_id=drive.unit_id,
        )
        .select_related("activity__campaign")
        .first()
    )

"""What every donations service shares: the domain error, amounts, the journal, and two
reads several services need (a drive's county, a pledge's figures)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations import access, public_cache
from donations.models import (
    ZERO,
    Drive,
    Pledge,
    PledgeStatus,
    ReceiptStatus,
    fen,
    money_sum,
)
from portal import journal
from portal.models import Region


class DonationError(Exception):
    """A refused action, with a message for the person who tried it."""


def money(value) -> Decimal:
    amount = Decimal(value).quantize(Decimal("0.01"))
    if amount <= 0:
        raise DonationError(_("Amounts must be greater than zero."))
    return amount


def record_event(
    action: str,
    user=None,
    *,
    pledge=None,
    project=None,
    wish=None,
    drive=None,
    note: str = "",
) -> None:
    """A journal entry about the pledge, project, wish or drive the action touched."""
    target = pledge or project or wish or drive
    journal.record(action, actor=user, target=target, comment=note)
    # Every write may change a public figure: the public pages recompute after commit.
    transaction.on_commit(public_cache.bump)


def validation_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def drive_county(drive: Drive) -> Region:
    return access.county_of(drive.unit.region) or drive.unit.region


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

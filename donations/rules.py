"""The plans' fixed rules: large-gift thresholds, working-day deadlines, the docking share."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.workdays import add_working_days

# Seed 002: a single gift of 50,000 yuan from a unit, 5,000 yuan from an individual, or more,
# earns a county donation certificate.
UNIT_THRESHOLD = Decimal("50000.00")
INDIVIDUAL_THRESHOLD = Decimal("5000.00")
# Donors and the use of funds are disclosed within 30 working days.
DISCLOSURE_WORKING_DAYS = 30
# Seed 001: each helping unit docks at least 30 % of its households' micro-wishes.
DOCKING_REQUIRED = Decimal("0.30")
# An unfulfilled claim on a micro-wish lapses after this many days.
CLAIM_DAYS = 14
# Public pledge intentions per IP address per hour.
PUBLIC_PLEDGES_PER_HOUR = 5
TENTH = Decimal("0.1")


def large_gift_threshold(donor_type: str) -> Decimal:
    return INDIVIDUAL_THRESHOLD if donor_type == "individual" else UNIT_THRESHOLD


def disclosure_due(ended_on: date) -> date:
    """30 working days after the end, by the portal's calendar (holidays and make-up
    working days; Monday to Friday for a year whose arrangement nobody entered yet)."""
    return add_working_days(ended_on, DISCLOSURE_WORKING_DAYS)


def docking_percent(docked: int, recorded: int) -> Decimal | None:
    """Docked out of recorded as a percentage to 0.1, rounded half up (四舍五入)."""
    if not recorded:
        return None
    return (Decimal(docked) * 100 / Decimal(recorded)).quantize(TENTH, rounding=ROUND_HALF_UP)


def meets_docking(docked: int, recorded: int) -> bool:
    """At least the required share, compared exactly: 29.96 % is not 30 %, even
    though it prints as 30.0 %."""
    return recorded > 0 and Decimal(docked) >= DOCKING_REQUIRED * recorded

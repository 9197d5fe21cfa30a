"""The plans' fixed rules: large-gift thresholds, working-day deadlines, the docking share."""

from datetime import date
from decimal import Decimal

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


def large_gift_threshold(donor_type: str) -> Decimal:
    return INDIVIDUAL_THRESHOLD if donor_type == "individual" else UNIT_THRESHOLD


def disclosure_due(ended_on: date) -> date:
    """30 working days after the end, by the portal's calendar (holidays and make-up
    working days; Monday to Friday for a year whose arrangement nobody entered yet)."""
    return add_working_days(ended_on, DISCLOSURE_WORKING_DAYS)

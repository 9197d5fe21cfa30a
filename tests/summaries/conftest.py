"""The summaries tests share the year of reports built in data.py, the award
programme of tests/awards (for the winners in the year-end summary) and the donations
world of tests/donations (for its micro-wishes and donations)."""

from tests.awards.conftest import aw, final, published  # noqa: F401
from tests.donations.conftest import dw  # noqa: F401
from tests.summaries.data import rules, year_2026  # noqa: F401

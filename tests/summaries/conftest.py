"""The summaries tests share the year of reports built in data.py, and the award
programme of tests/awards (for the winners in the year-end summary)."""

from tests.awards.conftest import aw, final, published  # noqa: F401
from tests.summaries.data import rules, year_2026  # noqa: F401

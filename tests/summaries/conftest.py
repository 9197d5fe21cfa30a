"""The summaries tests share the year of reports built in data.py."""

from tests.summaries.data import rules, year_2026  # noqa: F401

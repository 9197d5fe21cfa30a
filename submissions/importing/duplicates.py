"""Likely duplicates: an earlier row of the sheet, or an item already reported by any unit."""

import datetime as dt
import difflib

from django.utils.translation import gettext as _

from submissions.importing.columns import SIMILAR_TITLES, normalise
from submissions.importing.rows import Duplicate, ParsedRow
from submissions.models import Item, Report
from submissions.scoring import story_key


def similar_titles(a: str, b: str) -> bool:
    key_a, key_b = story_key(a), story_key(b)
    if key_a == key_b:
        return True
    return difflib.SequenceMatcher(None, key_a, key_b).ratio() >= SIMILAR_TITLES


def flag_duplicates(rows: list[ParsedRow], report: Report) -> None:
    """Flag rows like an earlier row of the sheet, or like an item already in any report
    of any unit: the same outlet and publication date, and a similar title."""
    seen: dict[tuple[str, dt.date], list[ParsedRow]] = {}
    for row in rows:
        key = (normalise(row.data["outlet"]), row.data["published_on"])
        for earlier in seen.get(key, []):
            if similar_titles(row.data["title"], earlier.data["title"]):
                row.duplicates.append(Duplicate(title=earlier.data["title"], sheet_row=earlier.row))
                break
        seen.setdefault(key, []).append(row)

    existing = (
        Item.objects.filter(
            published_on__in={row.data["published_on"] for row in rows},
            outlet__in={row.data["outlet"] for row in rows},
        )
        .order_by("pk")
        .values_list(
            "title",
            "outlet",
            "published_on",
            "report_id",
            "report__unit__name",
            "report__year",
            "report__quarter",
        )
    )
    by_key: dict[tuple[str, dt.date], list[tuple]] = {}
    for record in existing:
        by_key.setdefault((normalise(record[1]), record[2]), []).append(record)
    for row in rows:
        key = (normalise(row.data["outlet"]), row.data["published_on"])
        for title, _outlet, _day, report_id, unit, year, quarter in by_key.get(key, []):
            if similar_titles(row.data["title"], title):
                row.duplicates.append(
                    Duplicate(
                        title=title,
                        unit=unit,
                        period=_("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                        report_id=report_id,
                        same_report=report_id == report.pk,
                    )
                )

"""The figures of each document, read from the database into plain JSON (a snapshot).

Every builder returns a dict of str, int, bool and lists only (points and money as
strings with two decimals), so the same snapshot renders the HTML preview, the PDF and
the Excel twin, and hashes to the same SHA-256 whenever the data are unchanged. Each app
gives the figures through its selectors (submissions' figures, completeness and
assessment, campaigns', awards' and donations' year figures), restricted to one region,
rounded and ranked as on its own pages; this module only puts them in the snapshot.
"""

from datetime import date

from django.utils import timezone

from awards import selectors as award_selectors
from campaigns import selectors as campaign_selectors
from donations import selectors as donation_selectors
from portal import maps
from portal.clock import CHINA
from portal.models import Region, Unit
from submissions.models import MediaLevel, Report
from submissions.selectors import figures as report_figures
from submissions.selectors import overview
from submissions.selectors.overview import UnitState


def _in_subtree(unit: Unit, region: Region) -> bool:
    return unit.region.path.startswith(region.path)


def _top_items(rows: list[dict]) -> list[dict]:
    return [
        {**row, "published_on": row["published_on"].isoformat(), "points": str(row["points"])}
        for row in rows
    ]


def _percent(value) -> str:
    return "" if value is None else str(value)


def _donations(region: Region, year: int) -> dict:
    """Micro-wish docking per helping unit, and the year's donations received and spent
    in `region` (donations.selectors; three grouped queries). Money as exact decimal
    strings with two places, percentages with one ("" when nothing was recorded)."""
    docking = donation_selectors.year_docking(region, year)
    money = donation_selectors.year_donations(region, year)
    columns = ("designated", "undesignated", "total")
    return {
        "docking": {
            "required_percent": format((docking["required"] * 100).normalize(), "f"),
            "units": [
                {
                    "unit_id": u["unit_id"],
                    "unit": u["unit"],
                    "region": u["region"],
                    "recorded": u["recorded"],
                    "docked": u["docked"],
                    "percent": _percent(u["percent"]),
                    "meets": u["meets"],
                }
                for u in docking["units"]
            ],
            "recorded": docking["recorded"],
            "docked": docking["docked"],
            "percent": _percent(docking["percent"]),
            "meets": docking["meets"],
            "units_meeting": docking["units_meeting"],
        },
        "received": {
            row: {column: str(money[row][column]) for column in columns}
            for row in ("cash", "goods", "total")
        },
        "receipts": money["receipts"],
        "spent": str(money["spent"]),
    }


def _county_map(region: Region, scores: list[overview.UnitScore]) -> dict:
    """The year's adopted items per county of `region`, for the summary's map: the
    assessment's rows added up per county (overview.scores_by_county, as on an official's
    home page), one query for the counties. Data only: the outlines are drawn when the
    document is rendered, from the shapes build_map_shapes copied out of the pinned npm
    package (presentation, like the fonts, not figures the hash must certify)."""
    counties = maps.counties_below(region)
    by_county = overview.scores_by_county(scores, {county.pk for county in counties})
    return {
        "province_id": maps.shapes_province_id(region),
        "counties": [
            {
                "id": county.pk,
                "name": county.name,
                "city": county.parent.name if county.parent_id != region.pk else "",
                "adopted": by_county[county.pk].adopted if county.pk in by_county else 0,
            }
            for county in counties
        ],
    }


def year_end(user, region: Region, year: int, today: date) -> dict:
    """The year-end publicity summary of `region` (the province or a city) for `year`."""
    by_quarter = report_figures.year_by_quarter(user, region, year)
    published_by_unit = report_figures.year_published_per_unit(user, region, year)
    scores = report_figures.assessment_ranking(user, region, year)
    units = [
        {
            "rank": s.rank,
            "unit_id": s.unit.pk,
            "unit": s.unit.name,
            "region": s.unit.region.name,
            "published": published_by_unit.get(s.unit.pk, 0),
            "adopted": s.adopted,
            "by_level": s.by_level,
            "points": str(s.points),
        }
        for s in scores
    ]
    late, missing = [], []
    for quarter in range(1, 5):
        data = overview.completeness(user, year, quarter, today)
        for row in data.rows:
            if not _in_subtree(row.unit, region):
                continue
            entry = {"quarter": quarter, "unit": row.unit.name, "due": row.due_date.isoformat()}
            if row.state == UnitState.MISSING:
                missing.append(entry)
            elif row.report is not None and row.report.is_late and row.has_filed:
                late.append({**entry, "submitted": _day(row.report.submitted_at)})
    return {
        "kind": "year-end",
        "region": region.name,
        "region_code": region.code or "",
        "year": year,
        "levels": list(MediaLevel.values),
        "totals": report_figures.year_matrix(user, region, year),
        "quarters": [
            {
                "quarter": q,
                "published": by_quarter.get(q, {}).get("published", 0),
                "adopted": by_quarter.get(q, {}).get("adopted", 0),
            }
            for q in range(1, 5)
        ],
        "units": units,
        "points_total": str(report_figures.total_points(s.points for s in scores)),
        "highlights": _top_items(report_figures.top_items(user, region, year)),
        "late": late,
        "missing": missing,
        "campaigns": campaign_selectors.year_completion(user, region, year, today),
        "awards": award_selectors.year_winners(region, year),
        "donations": _donations(region, year),
        "county_map": _county_map(region, scores),
    }


def _day(moment) -> str:
    return timezone.localtime(moment, CHINA).date().isoformat() if moment else ""


def quarterly(user, region: Region, year: int, quarter: int, today: date) -> dict:
    """The quarterly circular (季度通报) of `region`: who filed on time, late or not at
    all, adopted counts by unit, and the quarter's top items."""
    data = overview.completeness(user, year, quarter, today)
    rows = [row for row in data.rows if _in_subtree(row.unit, region)]
    per_unit = report_figures.quarter_per_unit(user, region, year, quarter)
    units, on_time, late, missing, not_yet = [], [], [], [], []
    for row in rows:
        counts = per_unit.get(row.unit.pk, report_figures.NO_COUNTS)
        filed_late = row.report is not None and row.report.is_late and row.has_filed
        if row.state == UnitState.MISSING:
            status = "missing"
            missing.append(row.unit.name)
        elif filed_late:
            status = "late"
            late.append(row.unit.name)
        elif row.has_filed:
            status = "on_time"
            on_time.append(row.unit.name)
        else:
            status = "not_filed"
            not_yet.append(row.unit.name)
        units.append(
            {
                "unit_id": row.unit.pk,
                "unit": row.unit.name,
                "region": row.unit.region.name,
                "status": status,
                "submitted": _day(row.submitted_at),
                "published": counts["published"],
                "adopted": counts["adopted"],
                "points": str(counts["points"]),
            }
        )
    return {
        "kind": "quarterly",
        "region": region.name,
        "region_code": region.code or "",
        "year": year,
        "quarter": quarter,
        "due": (rows[0].due_date.isoformat() if rows else ""),
        "on_time": on_time,
        "late": late,
        "missing": missing,
        # Units whose deadline has not come: the figures are an interim picture as of today.
        "not_yet": not_yet,
        "as_of": today.isoformat(),
        "units": units,
        "published": sum(u["published"] for u in units),
        "adopted": sum(u["adopted"] for u in units),
        "top_items": _top_items(report_figures.top_items(user, region, year, quarter)),
    }


def unit_report(report: Report) -> dict:
    """A unit's quarterly report for its archive: every item with its review result."""
    rows = [
        {
            **row,
            "published_on": row["published_on"].isoformat(),
            "points": "" if row["points"] is None else str(row["points"]),
        }
        for row in report_figures.report_items(report)
    ]
    adopted = [r for r in rows if r["points"] != ""]
    return {
        "kind": "unit-report",
        "report_id": report.pk,
        "unit": report.unit.name,
        "region": report.unit.region.name,
        "year": report.year,
        "quarter": report.quarter,
        "status": report.status,
        "submitted": _day(report.submitted_at),
        "late": report.is_late,
        "items": rows,
        "item_count": len(rows),
        "adopted": len(adopted),
        "points": str(report_figures.total_points(r["points"] for r in adopted)),
    }

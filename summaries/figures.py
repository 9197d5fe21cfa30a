"""The figures of each document, read from the database into plain JSON (a snapshot).

Every builder returns a dict of str, int, bool and lists only (points and money as
strings with two decimals), so the same snapshot renders the HTML preview, the PDF and
the Excel twin, and hashes to the same SHA-256 whenever the data are unchanged. The reads reuse the
assessment and completeness selectors of submissions, restricted to one region.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards.models import Nomination, ProgrammeStatus
from campaigns.models import OPEN_STATES, Assignment, AssignmentState, CampaignStatus
from donations import reports as donation_reports
from portal.clock import CHINA
from portal.models import Region, Unit
from portal.scoping import scope_queryset
from submissions.models import Item, MediaLevel, MediaType, Report, ReportStatus, ReviewResult
from submissions.selectors import overview

# _cents and _rank: the assessment's own rounding and ranking, so the figures match its page.
from submissions.selectors.overview import FINAL_POINTS, UnitState, _cents, _rank

TOP_ITEMS = 10
WITH_REVIEWERS = [ReportStatus.SUBMITTED, ReportStatus.ADOPTED]


def _in_region(region: Region, prefix: str = "report__unit__") -> Q:
    return Q(**{f"{prefix}region__path__startswith": region.path})


def _published(user, region: Region, year: int):
    """Items reported to reviewers (report submitted or adopted) and published in `year`."""
    items = Item.objects.filter(
        _in_region(region),
        published_on__range=(date(year, 1, 1), date(year, 12, 31)),
        report__status__in=WITH_REVIEWERS,
    )
    return scope_queryset(items, user, unit_field="report__unit", roles=overview.OVERSEER_ROLES)


def _adopted_q() -> Q:
    return Q(review_result=ReviewResult.ADOPTED, report__status=ReportStatus.ADOPTED)


def _matrix(items) -> dict:
    """Published and adopted counts by media level x type, with row and column totals."""
    cells = {
        (row["media_level"], row["media_type"]): row
        for row in items.order_by()
        .values("media_level", "media_type")
        .annotate(published=Count("pk"), adopted=Count("pk", filter=_adopted_q()))
    }
    rows = []
    for level in MediaLevel.values:
        published = [cells.get((level, t), {}).get("published", 0) for t in MediaType.values]
        adopted = [cells.get((level, t), {}).get("adopted", 0) for t in MediaType.values]
        rows.append(
            {
                "level": level,
                "published": published,
                "adopted": adopted,
                "published_total": sum(published),
                "adopted_total": sum(adopted),
            }
        )
    return {
        "types": list(MediaType.values),
        "rows": rows,
        "published_by_type": [sum(r["published"][i] for r in rows) for i in range(len(MediaType))],
        "adopted_by_type": [sum(r["adopted"][i] for r in rows) for i in range(len(MediaType))],
        "published": sum(r["published_total"] for r in rows),
        "adopted": sum(r["adopted_total"] for r in rows),
    }


def _top_items(items, limit: int = TOP_ITEMS) -> list[dict]:
    rows = (
        items.filter(_adopted_q())
        .annotate(final=FINAL_POINTS)
        .order_by("-final", "-published_on", "pk")
        .values(
            "pk", "title", "outlet", "media_level", "published_on", "final", "report__unit__name"
        )
    )[:limit]
    return [
        {
            "id": row["pk"],
            "title": row["title"],
            "outlet": row["outlet"],
            "level": row["media_level"],
            "published_on": row["published_on"].isoformat(),
            "points": str(_cents(row["final"])),
            "unit": row["report__unit__name"],
        }
        for row in rows
    ]


def _in_subtree(unit: Unit, region: Region) -> bool:
    return unit.region.path.startswith(region.path)


def _campaigns(user, region: Region, year: int, today: date) -> list[dict]:
    """Completion of the year's published (or since closed) campaigns in `region`: per
    campaign, its assignments to units of the region and how many are accepted, done
    (awaiting acceptance), open, and open past their deadline (report due, else plan
    due). One grouped query."""
    open_q = Q(state__in=OPEN_STATES)
    past_due = Q(activity__report_due__lt=today) | Q(
        activity__report_due__isnull=True, activity__plan_due__lt=today
    )
    assignments = scope_queryset(
        Assignment.objects.filter(
            _in_region(region, "unit__"),
            activity__campaign__year=year,
            activity__campaign__status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED],
        ),
        user,
        unit_field="unit",
        roles=overview.OVERSEER_ROLES,
    )
    rows = (
        assignments.order_by()
        .values("activity__campaign", "activity__campaign__title")
        .annotate(
            assignments=Count("pk"),
            accepted=Count("pk", filter=Q(state=AssignmentState.ACCEPTED)),
            done=Count("pk", filter=Q(state=AssignmentState.DONE)),
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & past_due),
        )
        .order_by("activity__campaign__title", "activity__campaign")
    )
    return [
        {
            "campaign_id": row["activity__campaign"],
            "title": row["activity__campaign__title"],
            "assignments": row["assignments"],
            "accepted": row["accepted"],
            "done": row["done"],
            "open": row["open"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def _award_winners(region: Region, year: int) -> list[dict]:
    """The winners of the year's final award programmes who belong to `region`: the
    nominee's unit, else the county nominated, else the nominating unit. By programme,
    category and tier; one query. Final lists are public, so no scoping."""
    rows = (
        Nomination.objects.filter(
            tier__isnull=False, programme__year=year, programme__status=ProgrammeStatus.FINAL
        )
        .annotate(
            where=Coalesce(
                "nominee_unit__region__path", "nominee_region__path", "unit__region__path"
            ),
            winner_unit=Coalesce("nominee_unit__name", "unit__name"),
        )
        .filter(where__startswith=region.path)
        .order_by(
            "programme__title",
            "programme_id",
            "category__position",
            "category_id",
            "tier__position",
            "tier_id",
            "pk",
        )
        .values(
            "pk",
            "programme__title",
            "category__name",
            "tier__name",
            "nominee_name",
            "work_title",
            "winner_unit",
        )
    )
    return [
        {
            "id": row["pk"],
            "programme": row["programme__title"],
            "category": row["category__name"],
            "tier": row["tier__name"],
            "winner": row["nominee_name"],
            "work": row["work_title"],
            "unit": row["winner_unit"] or "",
        }
        for row in rows
    ]


def _percent(value) -> str:
    return "" if value is None else str(value)


def _donations(region: Region, year: int) -> dict:
    """Micro-wish docking per helping unit, and the year's donations received and spent
    in `region` (donations.reports; three grouped queries). Money as exact decimal
    strings with two places, percentages with one ("" when nothing was recorded)."""
    docking = donation_reports.year_docking(region, year)
    money = donation_reports.year_donations(region, year)
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


def year_end(user, region: Region, year: int, today: date) -> dict:
    """The year-end publicity summary of `region` (the province or a city) for `year`."""
    items = _published(user, region, year)
    by_quarter = {
        row["report__quarter"]: row
        for row in items.order_by()
        .values("report__quarter")
        .annotate(published=Count("pk"), adopted=Count("pk", filter=_adopted_q()))
    }
    published_by_unit = dict(
        items.order_by()
        .values("report__unit")
        .annotate(n=Count("pk"))
        .values_list("report__unit", "n")
    )
    scores = [s for s in overview.unit_scores(user, year) if _in_subtree(s.unit, region)]
    _rank(scores, key=lambda s: s.points)
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
        "totals": _matrix(items),
        "quarters": [
            {
                "quarter": q,
                "published": by_quarter.get(q, {}).get("published", 0),
                "adopted": by_quarter.get(q, {}).get("adopted", 0),
            }
            for q in range(1, 5)
        ],
        "units": units,
        "points_total": str(sum((s.points for s in scores), _cents(0))),
        "highlights": _top_items(items),
        "late": late,
        "missing": missing,
        "campaigns": _campaigns(user, region, year, today),
        "awards": _award_winners(region, year),
        "donations": _donations(region, year),
    }


def _day(moment) -> str:
    return timezone.localtime(moment, CHINA).date().isoformat() if moment else ""


def quarterly(user, region: Region, year: int, quarter: int, today: date) -> dict:
    """The quarterly circular (季度通报) of `region`: who filed on time, late or not at
    all, adopted counts by unit, and the quarter's top items."""
    data = overview.completeness(user, year, quarter, today)
    rows = [row for row in data.rows if _in_subtree(row.unit, region)]
    items = scope_queryset(
        Item.objects.filter(
            _in_region(region),
            report__year=year,
            report__quarter=quarter,
            report__status__in=WITH_REVIEWERS,
        ),
        user,
        unit_field="report__unit",
        roles=overview.OVERSEER_ROLES,
    )
    per_unit = {
        row["report__unit"]: row
        for row in items.order_by()
        .values("report__unit")
        .annotate(
            published=Count("pk"),
            adopted=Count("pk", filter=_adopted_q()),
            points=Sum(FINAL_POINTS, filter=_adopted_q()),
        )
    }
    units, on_time, late, missing = [], [], [], []
    for row in rows:
        counts = per_unit.get(row.unit.pk, {})
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
        units.append(
            {
                "unit_id": row.unit.pk,
                "unit": row.unit.name,
                "region": row.unit.region.name,
                "status": status,
                "submitted": _day(row.submitted_at),
                "published": counts.get("published", 0),
                "adopted": counts.get("adopted", 0),
                "points": str(_cents(counts.get("points"))),
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
        "units": units,
        "published": sum(u["published"] for u in units),
        "adopted": sum(u["adopted"] for u in units),
        "top_items": _top_items(items),
    }


def unit_report(report: Report) -> dict:
    """A unit's quarterly report for its archive: every item with its review result."""
    items = report.items.order_by("published_on", "pk").values(
        "pk",
        "title",
        "outlet",
        "media_level",
        "media_type",
        "published_on",
        "page",
        "link",
        "review_result",
        "rejection_reason",
        "points",
        "points_override",
    )
    rows = []
    for item in items:
        final = item["points_override"] if item["points_override"] is not None else item["points"]
        adopted = item["review_result"] == ReviewResult.ADOPTED
        rows.append(
            {
                "id": item["pk"],
                "title": item["title"],
                "outlet": item["outlet"],
                "level": item["media_level"],
                "type": item["media_type"],
                "published_on": item["published_on"].isoformat(),
                "page": item["page"],
                "link": item["link"],
                "result": item["review_result"],
                "reason": item["rejection_reason"],
                "points": str(_cents(final)) if adopted else "",
            }
        )
    adopted = [r for r in rows if r["result"] == ReviewResult.ADOPTED]
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
        "points": str(sum((_cents(r["points"]) for r in adopted), _cents(0))),
    }

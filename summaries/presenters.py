"""From a frozen snapshot to what the templates and the Excel twins show.

The HTML preview, the PDF and the workbook all read the snapshot through here, so they
show the same numbers with the same labels.
"""

from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import maps
from portal.clock import quarter_label
from submissions.models import MediaLevel, MediaType, ReportStatus, ReviewResult
from summaries import charts

QUARTERLY_STATUS = {
    "on_time": gettext_lazy("Filed on time"),
    "late": gettext_lazy("Filed late"),
    "missing": gettext_lazy("Missing"),
    "not_filed": gettext_lazy("Not yet filed"),
}


def year_end_title(region, year) -> str:
    return _("%(region)s %(year)s publicity work summary") % {"region": region, "year": year}


def quarterly_title(region, year, quarter) -> str:
    return _("Circular on the publicity reports of %(region)s for %(year)s Q%(quarter)s") % {
        "region": region,
        "year": year,
        "quarter": quarter,
    }


def unit_report_title(report) -> str:
    return _("%(unit)s publicity report for %(year)s Q%(quarter)s") % {
        "unit": report.unit.name,
        "year": report.year,
        "quarter": report.quarter,
    }


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _with_level_labels(items: list[dict]) -> list[dict]:
    return [{**item, "level_label": _label(MediaLevel, item["level"])} for item in items]


def context_for(snapshot: dict, digest: str = "") -> dict:
    doc, figures = snapshot["document"], snapshot["figures"]
    context = {
        "doc": doc,
        "doc_title": doc["title"],
        "doc_number": doc["doc_number"],
        "issuer": doc["issuer"],
        "issue_date": date.fromisoformat(doc["issue_date"]),
        "snapshot_hash": digest,
        "printout": doc["kind"] == "unit-report",
        "f": figures,
    }
    kind = doc["kind"]
    if kind == "year-end":
        context.update(year_end_context(figures))
    elif kind == "quarterly":
        context.update(quarterly_context(figures))
    else:
        context.update(unit_report_context(figures))
    return context


def year_end_context(f: dict) -> dict:
    totals = f["totals"]
    return {
        "by_level": [
            {
                "label": _label(MediaLevel, row["level"]),
                "published": row["published_total"],
                "adopted": row["adopted_total"],
            }
            for row in totals["rows"]
        ],
        "by_type": [
            {"label": _label(MediaType, code), "published": p, "adopted": a}
            for code, p, a in zip(
                totals["types"], totals["published_by_type"], totals["adopted_by_type"], strict=True
            )
        ],
        "central_published": totals["rows"][0]["published_total"],
        "chart": charts.quarter_trend(f["quarters"]),
        "highlights": _with_level_labels(f["highlights"]),
        "donations": donations_context(f["donations"]) if "donations" in f else None,
        # Documents frozen before the map was added have no county_map: they render as then.
        "county_map": county_map_context(f["county_map"], f["year"]) if "county_map" in f else None,
    }


def _count(value: Decimal) -> str:
    return number_format(value, 0 if value == value.to_integral_value() else 1)


def county_map_context(m: dict, year: int) -> dict:
    """The summary's map of adopted items per county, drawn now from the frozen figures on
    the province's shapes (maps.choropleth); without the shapes file, the table alone."""
    title = _("Adopted items by county, %(year)s") % {"year": year}
    areas = [
        maps.Area(c["id"], c["name"], c["adopted"], number_format(c["adopted"]))
        for c in m["counties"]
    ]
    drawn = maps.choropleth(
        m["province_id"], areas, title=title, fmt=_count, testid="summary-county-map"
    )
    unmapped = {a.region_id for a in drawn.unmapped}
    return {
        "title": title,
        "svg": drawn.svg,
        "shapes_missing": drawn.shapes_missing,
        "legend": drawn.legend,
        "rows": m["counties"],
        "show_city": any(c["city"] for c in m["counties"]),
        "unmapped": [c["name"] for c in m["counties"] if c["id"] in unmapped],
        "total": sum(c["adopted"] for c in m["counties"]),
    }


def _money(amount: str) -> Decimal:
    return Decimal(amount)


def _rate(percent: str) -> Decimal | None:
    return Decimal(percent) if percent else None


def donations_context(d: dict) -> dict:
    """Docking rates and money of the summary's donations section, as Decimals for the
    templates' floatformat and for Excel; the snapshot keeps them as exact strings."""
    docking = d["docking"]
    received = d["received"]
    kinds = [("cash", _("Cash")), ("goods", _("In kind")), ("total", _("Total"))]
    return {
        "required_percent": docking["required_percent"],
        "units": [{**u, "rate": _rate(u["percent"])} for u in docking["units"]],
        "unit_count": len(docking["units"]),
        "units_meeting": docking["units_meeting"],
        "recorded": docking["recorded"],
        "docked": docking["docked"],
        "rate": _rate(docking["percent"]),
        "meets": docking["meets"],
        "received": [
            {
                "kind": kind,
                "label": label,
                "designated": _money(received[kind]["designated"]),
                "undesignated": _money(received[kind]["undesignated"]),
                "total": _money(received[kind]["total"]),
            }
            for kind, label in kinds
        ],
        "received_total": _money(received["total"]["total"]),
        "cash": _money(received["cash"]["total"]),
        "goods": _money(received["goods"]["total"]),
        "receipts": d["receipts"],
        "spent": _money(d["spent"]),
    }


def _met(meets: bool, rate) -> str:
    if rate is None:
        return ""
    return _("Met") if meets else _("Not met")


def required_label(percent: str) -> str:
    return _("Required: %(percent)s %%") % {"percent": percent}


def donations_sheets(f: dict) -> list:
    if "donations" not in f:
        return []
    d = donations_context(f["donations"])
    return [
        (
            _("Micro-wish docking"),
            [
                _("Helping unit"),
                _("Region"),
                _("Wishes recorded"),
                _("Docked"),
                _("Docking rate (per cent)"),
                required_label(d["required_percent"]),
            ],
            [
                *[
                    [
                        u["unit"],
                        u["region"],
                        u["recorded"],
                        u["docked"],
                        u["rate"],
                        _met(u["meets"], u["rate"]),
                    ]
                    for u in d["units"]
                ],
                [
                    _("Total"),
                    f["region"],
                    d["recorded"],
                    d["docked"],
                    d["rate"],
                    _met(d["meets"], d["rate"]),
                ],
            ],
        ),
        (
            _("Donations received (yuan)"),
            [_("Cash or in kind"), _("Designated"), _("Not designated"), _("Total")],
            [
                *[
                    [r["label"], r["designated"], r["undesignated"], r["total"]]
                    for r in d["received"]
                ],
                [_("Spent on projects"), None, None, d["spent"]],
            ],
        ),
    ]


def quarterly_context(f: dict) -> dict:
    return {
        "units": [{**u, "status_label": str(QUARTERLY_STATUS[u["status"]])} for u in f["units"]],
        "top_items": _with_level_labels(f["top_items"]),
    }


def unit_report_context(f: dict) -> dict:
    return {
        "items": [
            {
                **item,
                "level_label": _label(MediaLevel, item["level"]),
                "type_label": _label(MediaType, item["type"]),
                "result_label": _label(ReviewResult, item["result"]),
            }
            for item in _with_level_labels(f["items"])
        ],
        "status_label": _label(ReportStatus, f["status"]),
    }


# Excel twins: (title, headers, rows) per sheet, the same figures as the document.


def _n(points: str) -> Decimal:
    return Decimal(points) if points else Decimal(0)


def workbook_heading(snapshot: dict) -> list[str]:
    """The lines above an Excel twin's tables: the document's title, its number (发文字号),
    issuer and date, as its PDF heads them; a preview says it is not an issued document."""
    header = snapshot["document"]
    lines = [header["title"]]
    if header["doc_number"]:
        lines.append(header["doc_number"])
    elif header["kind"] != "unit-report":
        lines.append(_("Draft for review — not an issued document"))
    if header["issuer"]:
        issued = date.fromisoformat(header["issue_date"])
        lines.append(f"{header['issuer']}　{issued.year}年{issued.month}月{issued.day}日")
    return lines


def workbook_sheets(snapshot: dict) -> list:
    figures = snapshot["figures"]
    kind = snapshot["document"]["kind"]
    if kind == "year-end":
        return year_end_sheets(figures)
    if kind == "quarterly":
        return quarterly_sheets(figures)
    return unit_report_sheets(figures)


def year_end_sheets(f: dict) -> list:
    c = year_end_context(f)
    totals = f["totals"]
    type_labels = [_label(MediaType, t) for t in totals["types"]]
    matrix_headers = [_("Media level"), *type_labels, _("Total")]
    published = [
        [_label(MediaLevel, r["level"]), *r["published"], r["published_total"]]
        for r in totals["rows"]
    ]
    adopted = [
        [_label(MediaLevel, r["level"]), *r["adopted"], r["adopted_total"]] for r in totals["rows"]
    ]
    level_labels = [_label(MediaLevel, v) for v in f["levels"]]
    return [
        (
            _("Totals"),
            [_("Media level"), _("Published items"), _("Adopted items")],
            [
                *[[r["label"], r["published"], r["adopted"]] for r in c["by_level"]],
                [_("Total"), totals["published"], totals["adopted"]],
            ],
        ),
        (
            _("By media type"),
            [_("Media type"), _("Published items"), _("Adopted items")],
            [[r["label"], r["published"], r["adopted"]] for r in c["by_type"]],
        ),
        (
            _("Published by level and type"),
            matrix_headers,
            [*published, [_("Total"), *totals["published_by_type"], totals["published"]]],
        ),
        (
            _("Adopted by level and type"),
            matrix_headers,
            [*adopted, [_("Total"), *totals["adopted_by_type"], totals["adopted"]]],
        ),
        (
            _("By quarter"),
            [_("Quarter"), _("Published items"), _("Adopted items")],
            [[quarter_label(q["quarter"]), q["published"], q["adopted"]] for q in f["quarters"]],
        ),
        (
            _("Units"),
            [
                _("Rank"),
                _("Unit"),
                _("Region"),
                _("Published items"),
                _("Adopted items"),
                *level_labels,
                _("Points"),
            ],
            [
                [
                    u["rank"],
                    u["unit"],
                    u["region"],
                    u["published"],
                    u["adopted"],
                    *u["by_level"],
                    _n(u["points"]),
                ]
                for u in f["units"]
            ],
        ),
        _items_sheet(_("Highlights"), c["highlights"]),
        (
            _("Late or missing"),
            [_("Quarter"), _("Unit"), _("Deadline"), _("Submitted")],
            [[quarter_label(e["quarter"]), e["unit"], e["due"], e["submitted"]] for e in f["late"]]
            + [[quarter_label(e["quarter"]), e["unit"], e["due"], ""] for e in f["missing"]],
        ),
        (
            _("Campaigns"),
            [
                _("Campaign"),
                _("Assignments"),
                _("Accepted"),
                _("Done, awaiting acceptance"),
                _("Open"),
                _("Overdue"),
            ],
            [
                [c["title"], c["assignments"], c["accepted"], c["done"], c["open"], c["overdue"]]
                for c in f.get("campaigns", [])
            ],
        ),
        (
            _("Awards"),
            [_("Programme"), _("Category"), _("Tier"), _("Winner"), _("Work"), _("Unit")],
            [
                [a["programme"], a["category"], a["tier"], a["winner"], a["work"], a["unit"]]
                for a in f.get("awards", [])
            ],
        ),
        *donations_sheets(f),
    ]


def _items_sheet(title, items) -> tuple:
    return (
        title,
        [_("Title"), _("Outlet"), _("Media level"), _("Unit"), _("Publication date"), _("Points")],
        [
            [
                i["title"],
                i["outlet"],
                i["level_label"],
                i["unit"],
                i["published_on"],
                _n(i["points"]),
            ]
            for i in items
        ],
    )


def quarterly_sheets(f: dict) -> list:
    c = quarterly_context(f)
    return [
        (
            _("Units"),
            [
                _("Unit"),
                _("Region"),
                _("Status"),
                _("Submitted"),
                _("Published items"),
                _("Adopted items"),
                _("Points"),
            ],
            [
                [
                    u["unit"],
                    u["region"],
                    u["status_label"],
                    u["submitted"],
                    u["published"],
                    u["adopted"],
                    _n(u["points"]),
                ]
                for u in c["units"]
            ],
        ),
        _items_sheet(_("Top items"), c["top_items"]),
    ]


def unit_report_sheets(f: dict) -> list:
    c = unit_report_context(f)
    return [
        (
            _("Items"),
            [
                _("No."),
                _("Title"),
                _("Outlet"),
                _("Media level"),
                _("Media type"),
                _("Publication date"),
                _("Review result"),
                _("Reason not adopted"),
                _("Points"),
            ],
            [
                [
                    # The report's own number for the item (snapshots from before: their place).
                    i.get("number") or place,
                    i["title"],
                    i["outlet"],
                    i["level_label"],
                    i["type_label"],
                    i["published_on"],
                    i["result_label"],
                    i["reason"],
                    _n(i["points"]) if i["points"] else None,
                ]
                for place, i in enumerate(c["items"], start=1)
            ],
        )
    ]

"""The seven charts of the officials' dashboard (front/dashboard.py), each from the selectors
of the page it summarises, for the official's region: this quarter's filing, adopted items by
media level against last year, eight quarters of items, the top and bottom of the
assessment, campaigns, donations and micro-wish docking. Each returns a Chart: the drawing,
a caption, the page it links to and its numbers as a table."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from campaigns import selectors as campaign_selectors
from donations import rules as donation_rules
from donations import selectors as donation_selectors
from front.chart_table import (
    COUNT,
    MONEY,
    PERCENT,
    POINTS,
    Chart,
    Column,
    Link,
    count_fmt,
    describe,
)
from front.glance import Glance
from portal import clock, workdays
from submissions.models import MediaLevel
from submissions.selectors import figures, overview
from summaries import charts
from summaries.charts import ALERT, DARK, EMPTY, LIGHT, OUTLINE, BarRow, Series

# The units shown at each end of the assessment's ranking.
STANDING_ENDS = 5
# Helping units drawn in the docking chart; the table lists them all.
DOCKING_DRAWN = 30
# Projects drawn in the donations chart (those that received most); the table lists all.
DONATIONS_DRAWN = 12
ZERO = Decimal("0.00")
QUARTERS_SHOWN = 8


def _with_query(name: str, **query) -> str:
    return reverse(name) + "?" + urlencode(query)


# 1. This quarter's filing ---------------------------------------------------------------


def filing(g: Glance) -> Chart:
    """Units of the completeness page that filed the quarter on time, late, or not yet
    (the page's states: filed is submitted, returned or adopted; late as the report
    records it), with the working days left to the deadline."""
    year, quarter = g.quarter
    data = g.completeness
    on_time = late = 0
    for row in data.rows:
        if row.has_filed:
            if row.report.is_late:
                late += 1
            else:
                on_time += 1
    not_yet = data.overall.total - data.overall.filed
    due = data.default_due
    days = workdays.working_days_after(g.today - timedelta(days=1), due) if g.today <= due else 0
    passed = g.today > due
    labels = [
        _("Filed on time"),
        _("Filed late"),
        _("Missing") if passed else _("Not filed yet"),
    ]
    counts = [on_time, late, not_yet]
    columns = [Column(_("State")), Column(_("Units"), COUNT)]
    rows = [[label, n] for label, n in zip(labels, counts, strict=True)]
    rows.append([_("Units that must report"), data.overall.total])
    period = _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
    figures_ = {
        "period": period,
        "filed": data.overall.filed,
        "units": data.overall.total,
        "date": date_format(due, "DATE_FORMAT"),
        "days": days,
    }
    if passed:
        caption = (
            _(
                "%(period)s: %(filed)s of %(units)s units have filed; the deadline, %(date)s, "
                "passed."
            )
            % figures_
        )
    else:
        caption = (
            ngettext(
                "%(period)s: %(filed)s of %(units)s units have filed; %(days)s working day "
                "left to the deadline, %(date)s.",
                "%(period)s: %(filed)s of %(units)s units have filed; %(days)s working days "
                "left to the deadline, %(date)s.",
                days,
            )
            % figures_
        )
    title = _("Filing of %(period)s") % {"period": period}
    svg = charts.bar_chart(
        [
            BarRow(labels[0], [on_time], [DARK]),
            BarRow(labels[1], [late], [ALERT]),
            BarRow(labels[2], [not_yet], [EMPTY]),
        ],
        [Series(_("Units"), DARK, OUTLINE)],
        chart_id="filing",
        title=title,
        desc=caption + " " + describe(columns, rows[:3]),
        fmt=count_fmt,
    )
    chart = Chart(
        key="filing",
        title=title,
        caption=caption,
        source=_with_query("submissions:completeness", year=year, quarter=quarter),
        source_label=_("Open the completeness page"),
        columns=columns,
        rows=rows,
        svg=svg,
    )
    chart.days_left, chart.due, chart.passed = days, due, passed
    return chart


# 2. Adopted items by media level, against the same day last year --------------------


def same_day_last_year(today: date) -> datetime:
    """The end of the same day a year earlier (28 February for 29 February), China time."""
    try:
        day = today.replace(year=today.year - 1)
    except ValueError:
        day = today.replace(year=today.year - 1, day=28)
    return clock.end_of_day(day)


def levels(g: Glance) -> Chart:
    # This year's: the assessment's rows added up (the same reports, as the page).
    this = {
        value: sum(score.by_level[index] for score in g.scores)
        for index, value in enumerate(MediaLevel.values)
    }
    cutoff = same_day_last_year(g.today)
    last = figures.adopted_by_level(g.user, g.region, g.year - 1, adopted_by=cutoff)
    this_name = _("%(year)s so far") % {"year": g.year}
    last_name = _("%(year)s by %(date)s") % {
        "year": g.year - 1,
        "date": date_format(cutoff.date(), "MONTH_DAY_FORMAT"),
    }
    columns = [Column(_("Media level")), Column(this_name, COUNT), Column(last_name, COUNT)]
    rows = [[label, this[value], last[value]] for value, label in MediaLevel.choices]
    rows.append([_("All levels"), sum(this.values()), sum(last.values())])
    caption = _(
        "Adopted items by media level: %(this)s this year so far against %(last)s by the "
        "same day last year (reports adopted by then)."
    ) % {"this": sum(this.values()), "last": sum(last.values())}
    title = _("Adopted items by media level")
    return Chart(
        key="levels",
        title=title,
        caption=caption,
        source=_with_query("submissions:assessment", year=g.year),
        source_label=_("Open the annual assessment"),
        columns=columns,
        rows=rows,
        svg=charts.bar_chart(
            [BarRow(str(label), [t, lst]) for label, t, lst in rows[:-1]],
            [Series(this_name, DARK), Series(last_name, LIGHT, DARK)],
            chart_id="levels",
            title=title,
            desc=caption + " " + describe(columns, rows),
            fmt=count_fmt,
        ),
    )


# 3. Items and adoptions over the last eight quarters ----------------------------------


def last_quarters(today: date, n: int = QUARTERS_SHOWN) -> list[tuple[int, int]]:
    """The `n` quarters up to the one being filed (the completeness page's), oldest first."""
    period = overview.default_period(today)
    out = [period]
    while len(out) < n:
        out.append(clock.previous_quarter(*out[-1]))
    return out[::-1]


def quarters(g: Glance) -> Chart:
    periods = last_quarters(g.today)
    counts = figures.quarters_trend(g.user, g.region, periods)
    published_name = pgettext("in a quarter", "Items reported")
    adopted_name = pgettext("in a quarter", "Items adopted")
    columns = [Column(_("Quarter")), Column(published_name, COUNT), Column(adopted_name, COUNT)]
    rows = [
        [
            _("%(year)s Q%(quarter)s") % {"year": y, "quarter": q},
            counts[(y, q)]["published"],
            counts[(y, q)]["adopted"],
        ]
        for y, q in periods
    ]
    last = periods[-1]
    caption = _(
        "Items reported to the reviewers and items adopted, per quarter, from %(first)s to "
        "%(last)s (by the quarter of their report)."
    ) % {"first": rows[0][0], "last": rows[-1][0]}
    title = _("Items and adoptions, last eight quarters")
    return Chart(
        key="quarters",
        title=title,
        caption=caption,
        source=_with_query("summaries:year-end", region=g.region.pk, year=last[0]),
        source_label=_("Open the year-end summary"),
        columns=columns,
        rows=rows,
        svg=charts.column_chart(
            [
                BarRow(f"{clock.quarter_label(q)}\n{y}", [row[1], row[2]])
                for (y, q), row in zip(periods, rows, strict=True)
            ],
            [Series(published_name, LIGHT, DARK), Series(adopted_name, DARK)],
            chart_id="quarters",
            title=title,
            desc=caption + " " + describe(columns, rows),
            fmt=count_fmt,
        ),
    )


# 4. The top and bottom of this year's assessment -------------------------------------


def standing(g: Glance) -> Chart:
    scores = g.scores
    top = scores[:STANDING_ENDS]
    bottom = scores[max(len(top), len(scores) - STANDING_ENDS) :]
    columns = [
        Column(_("Unit")),
        Column(_("Rank"), COUNT),
        Column(_("Region")),
        Column(_("Points"), POINTS),
        Column(_("Adopted items"), COUNT),
    ]
    rows = [[s.unit.name, s.rank, s.unit.region.name, s.points, s.adopted] for s in [*top, *bottom]]
    title = _("Top and bottom of the %(year)s assessment") % {"year": g.year}
    caption = _(
        "The %(top)s units with the most points this year and the %(bottom)s with the "
        "fewest, of %(units)s units in the assessment."
    ) % {"top": len(top), "bottom": len(bottom), "units": len(scores)}
    points_name = _("Points")
    bars = [
        BarRow(
            _("%(rank)s. %(unit)s") % {"rank": s.rank, "unit": s.unit.name},
            [s.points],
            [DARK if index < len(top) else ALERT],
        )
        for index, s in enumerate([*top, *bottom])
    ]
    return Chart(
        key="standing",
        title=title,
        caption=caption,
        source=_with_query("submissions:assessment", year=g.year),
        source_label=_("Open the annual assessment"),
        columns=columns,
        rows=rows,
        svg=charts.bar_chart(
            bars,
            [Series(points_name, DARK)],
            chart_id="standing",
            title=title,
            desc=caption + " " + describe(columns, rows),
            fmt=lambda v: number_format(v, 2),
            label_width=210,
        )
        if rows
        else None,
        empty=_("No unit in the assessment yet."),
    )


# 5. Campaigns' assignment progress ----------------------------------------------------


def campaigns(g: Glance) -> Chart:
    rows_ = campaign_selectors.year_completion(g.user, g.region, g.year, g.today)
    names = [
        _("Accepted"),
        _("Done, awaiting acceptance"),
        _("Open, on time"),
        _("Open, overdue"),
    ]
    columns = [
        Column(_("Campaign")),
        Column(_("Assignments"), COUNT),
        *[Column(name, COUNT) for name in names],
    ]
    rows = [
        [
            Link(c["title"], reverse("campaigns:campaign-detail", args=[c["campaign_id"]])),
            c["assignments"],
            c["accepted"],
            c["done"],
            c["open"] - c["overdue"],
            c["overdue"],
        ]
        for c in rows_
    ]
    title = _("Campaigns of %(year)s: assignments") % {"year": g.year}
    caption = _(
        "Each campaign's assignments to the units of %(region)s: accepted, done and "
        "awaiting acceptance, open, and open past their deadline."
    ) % {"region": g.region.name}
    return Chart(
        key="campaigns",
        title=title,
        caption=caption,
        source=reverse("campaigns:campaign-list"),
        source_label=_("Open the campaigns"),
        columns=columns,
        rows=rows,
        svg=charts.bar_chart(
            [BarRow(str(row[0]), row[2:]) for row in rows],
            [
                Series(names[0], DARK),
                Series(names[1], LIGHT, DARK),
                Series(names[2], EMPTY, OUTLINE),
                Series(names[3], ALERT),
            ],
            chart_id="campaigns",
            title=title,
            desc=caption + " " + describe(columns, rows),
            fmt=count_fmt,
            stacked=True,
        )
        if rows
        else None,
        empty=_("No campaign assigned work to these units this year."),
    )


# 6. Donations received against used ------------------------------------------------


def donations(g: Glance) -> Chart:
    """What each project published for claiming in the region received and spent, as the
    public pages disclose it (donations.selectors.public_projects: cash given for the
    project and confirmed goods; spending on it), the projects that received most drawn."""
    projects = donation_selectors.public_projects(g.region)
    received_name, spent_name = _("Received"), _("Spent")
    columns = [
        Column(_("Project")),
        Column(_("Village")),
        Column(received_name, MONEY),
        Column(spent_name, MONEY),
    ]
    rows = [
        [
            Link(project.title, reverse("donations:public-project", args=[project.pk])),
            project.village.name,
            project.received,
            project.spent,
        ]
        for project in projects
    ]
    total = [
        _("All published projects"),
        "",
        sum((project.received for project in projects), ZERO),
        sum((project.spent for project in projects), ZERO),
    ]
    drawn = sorted(projects, key=lambda project: -project.received)[:DONATIONS_DRAWN]
    title = _("Donations received and spent")
    caption = _(
        "What each project published for claiming received (cash given for it and goods "
        "once confirmed) and spent, in yuan, as the public pages disclose it."
    )
    if len(projects) > len(drawn):
        more = _(
            "The chart shows the %(n)s projects that received most; the table lists all %(all)s."
        )
        caption += " " + more % {"n": len(drawn), "all": len(projects)}
    return Chart(
        key="donations",
        title=title,
        caption=caption,
        source=_with_query("donations:public-index", region=g.region.pk),
        source_label=_("Open the public project list"),
        columns=columns,
        rows=[*rows, total] if rows else [],
        svg=charts.bar_chart(
            [BarRow(project.title, [project.received, project.spent]) for project in drawn],
            [Series(received_name, DARK), Series(spent_name, LIGHT, DARK)],
            chart_id="donations",
            title=title,
            desc=caption + " " + describe(columns, [*rows, total]),
            fmt=lambda v: number_format(v, 2, force_grouping=True),
        )
        if rows
        else None,
        empty=_("No project has been published for claiming here."),
    )


# 7. Each helping unit's docking rate against 30 % -------------------------------------


def docking(g: Glance) -> Chart:
    rates = g.docking
    required = donation_rules.DOCKING_REQUIRED * 100
    required_label = _("Required: %(percent)s%%") % {"percent": number_format(required, 0)}
    columns = [
        Column(_("Helping unit")),
        Column(_("Wishes recorded"), COUNT),
        Column(_("Docked"), COUNT),
        Column(_("Docking rate"), PERCENT),
        Column(required_label),
    ]
    rows = [
        [
            r["unit"].name,
            r["recorded"],
            r["docked"],
            r["percent"],
            _("Met") if r["meets"] else (_("Below") if r["recorded"] else "—"),
        ]
        for r in rates
    ]
    drawn = rates[:DOCKING_DRAWN]
    title = _("Micro-wish docking by helping unit")
    caption = _(
        "Each helping unit's share of its recorded micro-wishes that donors have claimed "
        "or fulfilled, against the %(percent)s%% the plans require (the dashed line)."
    ) % {"percent": number_format(required, 0)}
    if len(rates) > len(drawn):
        more = _("The chart shows the first %(n)s units; the table lists all %(all)s.")
        caption += " " + more % {"n": len(drawn), "all": len(rates)}
    rate = Series(_("Docking rate"), DARK)
    return Chart(
        key="docking",
        title=title,
        caption=caption,
        source=_with_query("donations:statistics", region=g.region.pk),
        source_label=_("Open the donation statistics"),
        columns=columns,
        rows=rows,
        svg=charts.bar_chart(
            [
                BarRow(r["unit"].name, [r["percent"]], [DARK if r["meets"] else ALERT])
                for r in drawn
            ],
            [rate],
            chart_id="docking",
            title=title,
            desc=caption + " " + describe(columns, rows),
            fmt=lambda v: _("%(percent)s%%") % {"percent": number_format(v, 1)},
            top=100,
            reference=(required, required_label),
            label_width=210,
        )
        if rates
        else None,
        empty=_("No helping unit has recorded micro-wishes."),
    )

"""The campaign's timeline, laid out on the server for an inline SVG (no chart library,
no inline styles): phases as bars, deadlines as ticks, today as a line."""

from datetime import date, timedelta

WIDTH = 960
LEFT = 10
# Room after the last day for its date label.
RIGHT = 50
BAR_Y = 30
BAR_HEIGHT = 28
DEADLINE_Y = 80


def timeline(campaign, phases, activities, today: date) -> dict | None:
    days = [d for p in phases for d in (p.starts_on, p.ends_on)]
    deadlines = []
    for activity in activities:
        for kind, day in (("plan", activity.plan_due), ("report", activity.report_due)):
            if day:
                deadlines.append((day, kind, activity))
                days.append(day)
    if campaign.summary_due:
        days.append(campaign.summary_due)
    if not days:
        return None
    first, last = min(days), max(days) + timedelta(days=1)
    span = max((last - first).days, 1)
    scale = (WIDTH - LEFT - RIGHT) / span

    def x(day: date) -> float:
        return round(LEFT + (day - first).days * scale, 1)

    bars = [
        {
            "phase": p,
            "x": x(p.starts_on),
            "width": max(round((p.ends_on - p.starts_on).days * scale + scale, 1), 2),
            "current": p.starts_on <= today <= p.ends_on,
        }
        for p in phases
    ]
    months = []
    month = date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            months.append({"x": x(month), "label": f"{month.year}-{month.month:02d}"})
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    # Deadlines on the same day share one tick; later ones are drawn a row lower.
    ticks: dict[date, list] = {}
    for day, kind, activity in sorted(deadlines, key=lambda d: d[0]):
        ticks.setdefault(day, []).append({"kind": kind, "activity": activity})
    marks = [
        {"day": day, "x": x(day), "entries": entries, "row": i % 3}
        for i, (day, entries) in enumerate(sorted(ticks.items()))
    ]
    for mark in marks:
        mark["y"] = DEADLINE_Y + mark["row"] * 14
    summary = (
        {"day": campaign.summary_due, "x": x(campaign.summary_due)}
        if campaign.summary_due
        else None
    )
    return {
        "width": WIDTH,
        "height": DEADLINE_Y + 60,
        "bar_y": BAR_Y,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "months": months,
        "marks": marks,
        "summary": summary,
        "today": {"x": x(today), "day": today} if first <= today <= last else None,
        "first": first,
        "last": last - timedelta(days=1),
    }

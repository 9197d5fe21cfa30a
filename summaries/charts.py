"""Charts drawn on the server as SVG: the same markup goes into the page and the PDF."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 36, 40
PUBLISHED_FILL, ADOPTED_FILL = "#9aa9bd", "#c00000"


def _nice_max(value: int) -> int:
    """The axis top: 5, 10, 20, 50, 100... at least `value`, so five ticks are whole."""
    step = 1
    while True:
        for factor in (5, 10, 20):
            if step * factor >= value:
                return step * factor
        step *= 10


def quarter_trend(quarters: list[dict]) -> SafeString:
    """Grouped bars per quarter: items published and items adopted, with their counts."""
    top = _nice_max(max((q["published"] for q in quarters), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(quarters), 1)
    bar = slot * 0.3

    def y_of(value):
        return round(TOP + plot_h - value * plot_h / top, 1)

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ccc" stroke-width="0.5"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
        (
            (
                LEFT,
                y_of(top * k / 5),
                WIDTH - RIGHT,
                y_of(top * k / 5),
                LEFT - 6,
                y_of(top * k / 5) + 4,
                round(top * k / 5),
            )
            for k in range(6)
        ),
    )
    bars = []
    for index, q in enumerate(quarters):
        x0 = LEFT + index * slot + slot / 2 - bar
        for offset, value, fill in (
            (0, q["published"], PUBLISHED_FILL),
            (bar, q["adopted"], ADOPTED_FILL),
        ):
            x = round(x0 + offset, 1)
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                    x,
                    y_of(value),
                    round(bar - 2, 1),
                    round(value * plot_h / top, 1),
                    fill,
                    round(x + bar / 2 - 1, 1),
                    y_of(value) - 4,
                    value,
                )
            )
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                round(LEFT + index * slot + slot / 2, 1),
                HEIGHT - BOTTOM + 18,
                _("Q%(quarter)s") % {"quarter": q["quarter"]},
            )
        )
    legend = format_html(
        '<rect x="{}" y="8" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="18" font-size="12">{}</text>'
        '<rect x="{}" y="8" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="18" font-size="12">{}</text>',
        LEFT,
        PUBLISHED_FILL,
        LEFT + 16,
        _("Published items"),
        LEFT + 130,
        ADOPTED_FILL,
        LEFT + 146,
        _("Adopted items"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="w-100"'
        ' role="img" aria-label="{}" data-testid="quarter-chart"'
        ' font-family="Noto Sans CJK SC, sans-serif">{}{}{}'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1"/></svg>',
        WIDTH,
        HEIGHT,
        _("Items published and adopted by quarter"),
        grid,
        legend,
        SafeString("".join(bars)),
        LEFT,
        TOP + plot_h,
        WIDTH - RIGHT,
        TOP + plot_h,
    )


# Bar charts of the officials' dashboard (front/dashboard.py) -----------------------------
#
# Colours that read in print and for colour-blind readers: one hue (ColorBrewer's blues,
# as the county map) dark against light-with-an-outline, white for "nothing yet", and one
# warm colour (Okabe and Ito's vermillion) for what needs attention. Every bar carries its
# number as text, so no figure depends on its colour.
DARK = "#08519c"
LIGHT = "#bdd7e7"
ALERT = "#d55e00"
EMPTY = "#ffffff"
OUTLINE = "#4d4d4d"
INK = "#212529"
MUTED = "#595959"
# Drawn 560 units wide, about as wide as a chart's card on a desk, so 13 reads as 13 px.
CHART_WIDTH, FONT = 560, 13
LEGEND_LINE = 20


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name in the legend, its fill and outline."""

    name: str
    fill: str
    stroke: str = ""


@dataclass
class BarRow:
    """One row of a bar chart: its label and a value per series (None: no figure). `fills`
    overrides the series' fills for this row (a unit below the required share)."""

    label: str
    values: list
    fills: list[str] | None = None


def _number(value) -> float:
    return float(value or 0)


def _ems(text: str) -> float:
    """About how wide `text` is, in ems: a CJK character one, a Latin one a little over half."""
    return sum(1 if ord(char) > 0x2E7F else 0.6 for char in str(text))


def _clip(label: str, width: float, size: float) -> str:
    """`label` cut to what fits in `width` at font `size`, with an ellipsis."""
    room, used = width / size, 0.0
    for index, char in enumerate(label):
        used += _ems(char)
        if used > room:
            return label[: max(index - 1, 1)] + "…"
    return label


def _svg(chart_id: str, width, height, title: str, desc: str, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="w-100 h-auto"'
        ' role="img" aria-labelledby="{}-title {}-desc" data-testid="{}"'
        ' font-family="Noto Sans CJK SC, sans-serif">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        f"chart-{chart_id}",
        chart_id,
        title,
        chart_id,
        desc,
        body,
    )


def _legend(series: list[Series], x0: float, y: float) -> tuple[SafeString, int]:
    """The series' swatches and names from (x0, y), on as many lines as the chart's width
    needs; with the number of lines."""
    parts, x, lines = [], x0, 1
    for s in series:
        step = round(16 + FONT * _ems(s.name) + 16)
        if x > x0 and x + step - 16 > CHART_WIDTH:
            x, y, lines = x0, y + LEGEND_LINE, lines + 1
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                x,
                y,
                s.fill,
                s.stroke or s.fill,
                x + 16,
                y + 11,
                FONT,
                INK,
                s.name,
            )
        )
        x += step
    return SafeString("".join(parts)), lines


def bar_chart(
    rows: list[BarRow],
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    desc: str,
    fmt: Callable = str,
    top=None,
    stacked: bool = False,
    reference: tuple | None = None,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars, a row per label: one bar per series side by side (or `stacked` in
    one bar, the total at its end), each with its number. `top` is the value at the right
    edge (by default a round number above the largest); `reference` = (value, label)
    draws a dashed line across, such as a required share, labelled below the bars. The
    labels' column is as wide as the longest label, up to `label_width`."""
    width, bar_h, gap = CHART_WIDTH, 18, 2
    longest = max((_ems(row.label) for row in rows), default=2) * FONT
    label_width = round(min(label_width, longest + 4))
    values_room = max(
        (FONT * _ems(fmt(v)) for row in rows for v in row.values if v is not None), default=0
    )
    legend, lines = _legend(series, 4, 4) if len(series) > 1 else ("", 0)
    legend_h = 6 + LEGEND_LINE * lines
    per_row = bar_h + 10 if stacked else len(series) * (bar_h + gap) + 10
    plot_bottom = legend_h + max(len(rows), 1) * per_row
    height = plot_bottom + (24 if reference else 4)
    x0 = label_width + 8
    span = width - x0 - values_room - 10
    largest = max(
        (
            sum(_number(v) for v in row.values) if stacked else max(map(_number, row.values))
            for row in rows
            if row.values
        ),
        default=0,
    )
    if top is None:
        top = _nice_max(int(largest) + (largest % 1 > 0)) if largest else 5
    scale = span / float(top)
    parts = [legend]
    y = legend_h
    for row in rows:
        fills = row.fills or [s.fill for s in series]
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="{}">{}</text>',
                label_width,
                round(y + per_row / 2, 1),
                FONT,
                INK,
                _clip(row.label, label_width, FONT),
            )
        )
        x, bar_y = float(x0), y + 4
        for index, (s, value) in enumerate(zip(series, row.values, strict=True)):
            length = round(_number(value) * scale, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"'
                    ' data-value="{}"><title>{}</title></rect>',
                    round(x, 1),
                    bar_y,
                    max(length, 0.5),
                    bar_h,
                    fills[index],
                    s.stroke or fills[index],
                    "" if value is None else value,
                    f"{row.label}: {s.name} {'—' if value is None else fmt(value)}",
                )
            )
            if stacked:
                x += length
            else:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                        round(x + length + 4, 1),
                        bar_y + bar_h - 5,
                        FONT,
                        INK,
                        "—" if value is None else fmt(value),
                    )
                )
                bar_y += bar_h + gap
        if stacked:
            # The values' own sum: whole counts stay whole, money stays Decimal.
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                    round(x + 4, 1),
                    bar_y + bar_h - 5,
                    FONT,
                    INK,
                    fmt(sum((v or 0 for v in row.values), 0)),
                )
            )
        y += per_row
    if reference is not None:
        value, label = reference
        rx = round(x0 + float(value) * scale, 1)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"'
                ' stroke-dasharray="4 3" data-reference="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text>',
                rx,
                legend_h - 2,
                rx,
                plot_bottom + 4,
                INK,
                value,
                rx,
                plot_bottom + 19,
                FONT,
                INK,
                label,
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            x0,
            legend_h - 2,
            x0,
            plot_bottom + 2,
            OUTLINE,
        )
    )
    return _svg(chart_id, width, height, title, desc, SafeString("".join(parts)))


def column_chart(
    columns: list[BarRow],
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    desc: str,
    fmt: Callable = str,
) -> SafeString:
    """Vertical bars, a group per column (a quarter), one bar per series, each with its
    number above it. A column's label may have two lines ("Q1\\n2026")."""
    width, height = CHART_WIDTH, 290
    left, right, top_m, bottom = 44, 8, 40, 46
    plot_w, plot_h = width - left - right, height - top_m - bottom
    small = FONT - 2
    largest = max((_number(v) for c in columns for v in c.values), default=0)
    top = _nice_max(int(largest) + (largest % 1 > 0)) if largest else 5
    slot = plot_w / max(len(columns), 1)
    bar = min(slot * 0.84 / max(len(series), 1), 30)

    def y_of(value) -> float:
        return round(top_m + plot_h - _number(value) * plot_h / top, 1)

    parts = [_legend(series, left, 4)[0]]
    for k in range(5):
        tick = top * k / 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c8c8c8" stroke-width="0.5"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="{}">{}</text>',
                left,
                y_of(tick),
                width - right,
                y_of(tick),
                left - 5,
                y_of(tick) + 4,
                small,
                MUTED,
                fmt(round(tick)),
            )
        )
    for index, column in enumerate(columns):
        centre = left + index * slot + slot / 2
        x = centre - bar * len(series) / 2
        for s, value in zip(series, column.values, strict=True):
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"'
                    ' data-value="{}"><title>{}</title></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="{}">{}</text>',
                    round(x + 1, 1),
                    y_of(value),
                    round(bar - 2, 1),
                    round(_number(value) * plot_h / top, 1),
                    s.fill,
                    s.stroke or s.fill,
                    value,
                    f"{column.label.replace(chr(10), ' ')}: {s.name} {fmt(value)}",
                    round(x + bar / 2, 1),
                    y_of(value) - 3,
                    small,
                    INK,
                    fmt(value),
                )
            )
            x += bar
        for line, text in enumerate(column.label.split("\n")):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="{}">{}</text>',
                    round(centre, 1),
                    height - bottom + 17 + 15 * line,
                    small if line else FONT,
                    INK if line == 0 else MUTED,
                    text,
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            left,
            top_m + plot_h,
            width - right,
            top_m + plot_h,
            OUTLINE,
        )
    )
    return _svg(chart_id, width, height, title, desc, SafeString("".join(parts)))

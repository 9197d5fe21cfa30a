"""Charts drawn on the server as SVG: the same markup goes into the page and the PDF."""

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

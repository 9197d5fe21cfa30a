"""A chart of the officials' dashboard with its numbers as a table: the drawing (SVG from
summaries.charts), the columns and rows the page shows under it and the Excel twin writes,
and how each kind of figure reads."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

TEXT, COUNT, MONEY, PERCENT, POINTS = "text", "count", "money", "percent", "points"


@dataclass
class Link:
    """A table cell that links to the page of what it names."""

    text: str
    href: str

    def __str__(self):
        return self.text


@dataclass
class Column:
    header: str
    kind: str = TEXT


@dataclass
class Chart:
    key: str
    title: str
    caption: str
    source: str
    source_label: str
    columns: list[Column]
    rows: list[list]
    svg: SafeString | None = None
    # Said instead of a chart when there is nothing to draw.
    empty: str = ""

    @property
    def shown_rows(self) -> list[list]:
        return [
            [(c.kind, shown(c.kind, value)) for c, value in zip(self.columns, row, strict=True)]
            for row in self.rows
        ]


def shown(kind: str, value) -> str | Link:
    if value is None:
        return "—"
    if kind == COUNT:
        return number_format(value, force_grouping=True)
    if kind == MONEY:
        return number_format(value, 2, force_grouping=True)
    if kind == POINTS:
        return number_format(value, 2)
    if kind == PERCENT:
        return _("%(percent)s%%") % {"percent": number_format(value, 1)}
    return value


def describe(columns: list[Column], rows: list[list]) -> str:
    """The chart's text alternative: every row's figures in words, as the table has them."""
    lines, comma = [], pgettext("between figures", ", ")
    for row in rows:
        label, *values = row
        figures_ = [
            _("%(header)s %(value)s") % {"header": c.header, "value": shown(c.kind, v)}
            for c, v in zip(columns[1:], values, strict=True)
            if c.kind != TEXT
        ]
        lines.append(
            _("%(label)s: %(figures)s")
            % {"label": label, "figures": comma.join(map(str, figures_))}
        )
    return _("; ").join(lines)


def count_fmt(value) -> str:
    return number_format(value, force_grouping=True)

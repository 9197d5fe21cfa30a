"""Typesetting of official documents (GB/T 9704-2012)."""

import math
import re
import unicodedata

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# The title is 2号 (22 pt) on a 156 mm type area: twenty full-width characters a line.
TITLE_LINE = 20
# Breaking here would split a number or a Latin word.
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%]{2}")
_GOOD_BREAK_AFTER = "）)》、，的"
_GOOD_BREAK_BEFORE = ("《", "关于")


def _width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def title_lines(title: str, line: float = TITLE_LINE) -> list[str]:
    """The title broken into lines of nearly equal width, the longer ones first (the
    trapezoid the standard asks for): never a character or two alone on the last line,
    never inside a number; after a closing bracket, a pause mark or 的, or before 《 or
    关于, where one is near."""
    title = " ".join(title.split())
    ends = [0.0]
    for char in title:
        ends.append(ends[-1] + _width(char))
    total = ends[-1]
    if total <= line:
        return [title]
    count = math.ceil(total / line)
    lines, start = [], 0
    for done in range(count - 1):
        target = ends[start] + (total - ends[start]) / (count - done)

        def badness(i, target=target):
            miss = abs(ends[i] - target) - (0.1 if ends[i] >= target else 0)
            good = title[i - 1] in _GOOD_BREAK_AFTER or title.startswith(_GOOD_BREAK_BEFORE, i)
            return miss - (0.75 if good else 0)

        allowed = [
            i
            for i in range(start + 1, len(title))
            if not _UNBREAKABLE.fullmatch(title[i - 1 : i + 1])
        ]
        if not allowed:
            break
        cut = min(allowed, key=badness)
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    return lines


@register.filter
def balanced_title(title: str) -> str:
    return mark_safe("<br>".join(conditional_escape(text) for text in title_lines(str(title))))  # noqa: S308 (each line escaped)


@register.simple_tag
def certificate_page_size() -> str:
    """The certificate's page, a CSS page size: the office's paper (CERTIFICATE_PAGE_SIZE)."""
    return settings.CERTIFICATE_PAGE_SIZE

"""`{% load decisions %}` then `{% item_decision item %}`: the item's decision form on the
review page, as submissions/review/_item_form.html renders it.

The page shows one per item, and on a 200-item report rendering them was two thirds of the
page. The forms differ only in the item's id, version, reason and points, and in whether it
is decided yet: the template is rendered once per page for a pending and once for a decided
item, with markers in place of those values, and each row fills in its own, escaped as the
template would. An item whose decision came back with errors (`item.review_form`) is rendered
by the template itself, with them.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from submissions.models import ReviewResult

register = template.Library()

TEMPLATE = "submissions/review/_item_form.html"
# The values that differ between rows, and what marks their places in the template's output
# (a control character, which no text of the template holds).
FIELDS = ("pk", "version", "rejection_reason", "points_override", "override_reason")
MARK = "\x1f"


class _Placeholder:
    """An item whose differing values are markers."""

    def __init__(self, review_result: str):
        self.review_result = review_result
        for name in FIELDS:
            setattr(self, name, f"{MARK}{name}{MARK}")


def _value(item, name: str) -> str:
    value = getattr(item, name)
    return "" if value is None else conditional_escape(value)


def _render(context, **values) -> str:
    with context.push(**values):
        return context.template.engine.get_template(TEMPLATE).render(context)


@register.simple_tag(takes_context=True)
def item_decision(context, item):
    form = getattr(item, "review_form", None)
    if form is not None:
        return _render(context, item=item, form=form)
    cache = context.render_context.setdefault(__name__, {})
    kind = ReviewResult.PENDING if item.review_result == ReviewResult.PENDING else "decided"
    if kind not in cache:
        # [text, name, text, name, ..., text]: the names at the odd places.
        cache[kind] = _render(context, item=_Placeholder(kind), form=None).split(MARK)
    values = {name: _value(item, name) for name in FIELDS}
    html = cache[kind].copy()
    for index in range(1, len(html), 2):
        html[index] = values[html[index]]
    return mark_safe("".join(html))  # noqa: S308 - the template's output, values escaped

"""`{% load item_rows %}` then `{% review_row item %}`: one item's row on the review page
(submissions/review/report_review.html); `{% report_row item %}`: one item's row on the unit's
report page (submissions/reporting/_item_row.html); `{{ item|authors }}` for both.

A row written as template markup was some 360 node renders, most of them variable lookups:
on a 200-item report three quarters of the page's time, and the page is read again and
again on deadline day. Here each row is one str.format over values taken once: the
labels from portal.labels' tables, the translated badges once per page, the decision form
through {% item_decision %}. Every text goes through `_e` (html.escape, what the template's
autoescaping does; format_html's lazy-aware conditional_escape on 30 values a row was half
the row's time) and only the markup made here goes in as it is. Nothing is kept between
requests. The markup is ROW and the pieces below it: change the row there.
"""

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from portal.labels import field_labels
from submissions.models import Item, ReviewResult
from submissions.selectors.reports import item_authors_text
from submissions.templatetags.decisions import item_decision

register = template.Library()

# Ids, versions and points are written without number formatting (attributes and sums).
ROW = """<tr id="item-{pk}" data-testid="item-row">
      {tick}<td class="text-muted" data-testid="item-number">{number}</td>
      <td>
        <div class="fw-semibold" id="title-{pk}">{title}</div>
        <div class="small text-muted">{meta} {badges}</div>
        {clippings}{notes}
      </td>
      <td>
        <div>{outlet}</div>
        <div class="small text-muted">{media}</div>
      </td>
      <td>{published}</td>
      <td class="small">{authors}</td>
      <td>
        <span class="badge {result_badge}">{result}</span>{reason}{reviewer}
      </td>
      <td class="text-end" data-testid="item-points">
        {points}{override}
      </td>
      {decision}</tr>
"""
TICK = (
    '<td><input type="checkbox" class="form-check-input" name="items" value="{pk}"'
    ' form="bulk-form"{checked} aria-labelledby="title-{pk}">'
    '<input type="hidden" name="seen" value="{pk}:{version}" form="bulk-form"></td>\n      '
)
LINK = '<a href="{0}" rel="noopener noreferrer" target="_blank">{1}</a>'
CLIPPING = '<a class="small me-2" href="{0}"><i class="bi bi-paperclip"></i> {1}</a>'
NOTES = '<div class="small">{}</div>'
REASON = '\n        <div class="small" data-testid="rejection-reason">{}</div>'
REVIEWER = '\n        <div class="small text-muted">{0} · {1}</div>'
OVERRIDE = (
    '<div class="small text-muted" title="{reason}">{rules}</div><div class="small">{reason}</div>'
)
RESULT_BADGES = {
    ReviewResult.ADOPTED: "text-bg-success",
    ReviewResult.REJECTED: "text-bg-danger",
}


class _Page:
    """What every row of one page shares: the label tables and the translated badges."""

    def __init__(self, context):
        self.reviewable = context.get("reviewable")
        self.selected = context.get("bulk_selected") or ()
        self.categories = field_labels(Item, "category")
        self.levels = field_labels(Item, "media_level")
        self.types = field_labels(Item, "media_type")
        self.results = field_labels(Item, "review_result")
        self.lead = f'<span class="badge text-bg-warning">{_e(gettext("Lead story"))}</span>'
        self.endorsed = f'<span class="badge text-bg-info">{_e(gettext("Leader endorsed"))}</span>'


def _e(value) -> str:
    """The value as text in HTML: what autoescaping writes for a plain value."""
    return escape(str(value))


def _number(value) -> str:
    """A number as the page writes ids, versions and points: not localised (an int as
    str(), a Decimal as {% localize off %} writes it)."""
    return str(value) if type(value) is int else formats.localize(value, use_l10n=False)


@register.filter
def authors(item: Item) -> str:
    """The item's authors as its row lists them (item_authors_text)."""
    return item_authors_text(item)


@register.simple_tag(takes_context=True)
def review_row(context, item: Item):
    page = context.render_context.get(__name__)
    if page is None:
        page = context.render_context[__name__] = _Page(context)
    pk = _number(item.pk)
    tick = decision = ""
    if page.reviewable:
        checked = " checked" if item.pk in page.selected else ""
        tick = TICK.format(pk=pk, version=_number(item.version), checked=checked)
        decision = f"<td>{item_decision(context, item)}</td>\n    "
    title = _e(item.title)
    if item.link:
        title = LINK.format(_e(item.link), title)
    meta = _e(page.categories.get(item.category, item.category))
    if item.campaign_tag:
        meta = f"{meta} · {_e(item.campaign_tag)}"
    badges = [page.lead] if item.is_lead_story else []
    if item.leader_endorsed:
        badges.append(page.endorsed)
    outlet = _e(item.outlet)
    if item.page:
        outlet = f"{outlet} · {_e(item.page)}"
    level = page.levels.get(item.media_level, item.media_level)
    media_type = page.types.get(item.media_type, item.media_type)
    result = item.review_result
    reviewer = ""
    if item.reviewed_by is not None:
        when = date_filter(template_localtime(item.reviewed_at), "DATETIME_FORMAT")
        reviewer = REVIEWER.format(_e(item.reviewed_by.get_full_name()), _e(when))
    override = ""
    if item.points_override is not None:
        rules = gettext("set by hand (rules: %(points)s)") % {"points": _number(item.points)}
        override = OVERRIDE.format(reason=_e(item.override_reason), rules=_e(rules))
    html = ROW.format(
        pk=pk,
        tick=tick,
        number=_number(item.number),
        title=title,
        meta=meta,
        badges=" ".join(badges),
        clippings="".join(
            CLIPPING.format(
                _e(reverse("attachment-download", args=[clip.pk])), _e(clip.original_name)
            )
            for clip in item.clipping_list
        ),
        notes=NOTES.format(_e(item.notes)) if item.notes else "",
        outlet=outlet,
        media=f"{_e(level)} · {_e(media_type)}",
        published=item.published_on.isoformat(),  # |date:"Y-m-d"
        authors=_e(item_authors_text(item)),
        result_badge=RESULT_BADGES.get(result, "text-bg-light"),
        result=_e(page.results.get(result, result)),
        reason=REASON.format(_e(item.rejection_reason)) if result == ReviewResult.REJECTED else "",
        reviewer=reviewer,
        points=_number(item.final_points),
        override=override,
        decision=decision,
    )
    return mark_safe(html)  # noqa: S308 - every text above went through _e


# The unit's report page (submissions/reporting/report_detail.html and the row an htmx save
# answers with). Wide columns are hidden on narrow screens and repeated under the title.
REPORT_ROW = """<tr id="item-{pk}" data-testid="item-row">
        <td class="portal-item-number" data-testid="item-number">{number}</td>
        <td>
          {title}{badges}{page}
          <div class="small text-muted d-md-none">{outlet} · {level} · {media_type} · {published}\
</div>
          <div class="small text-muted d-lg-none">{category}</div>
          <div class="small d-md-none">{clips_inline}</div>
        </td>
        <td class="d-none d-md-table-cell">{outlet}</td>
        <td class="d-none d-md-table-cell">{level}</td>
        <td class="d-none d-md-table-cell">{media_type}</td>
        <td class="d-none d-md-table-cell text-nowrap">{published}</td>
        <td class="d-none d-lg-table-cell">{category}</td>
        <td class="d-none d-lg-table-cell">{authors}</td>
        <td class="d-none d-md-table-cell">{clips}</td>
        <td>
          {result}
        </td>{actions}
      </tr>"""
ACTIONS = """
        <td>
          <a class="btn btn-outline-secondary btn-sm mb-1" href="{edit}">{edit_label}</a>
          <form method="post" action="{delete}" class="d-inline-block js-confirm" \
data-confirm="{confirm}" hx-post="{delete}" hx-target="closest tr" hx-swap="outerHTML" \
hx-confirm="{confirm}"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">
            <input type="hidden" name="version" value="{version}">
            <button type="submit" class="btn btn-outline-danger btn-sm">{delete_label}</button>
          </form>
        </td>"""
CLIP_INLINE = '<a class="me-2" href="{0}"><i class="bi bi-paperclip"></i> {1}</a>'
CLIP_CELL = '<a class="d-block text-nowrap" href="{0}"><i class="bi bi-paperclip"></i> {1}</a>'


class _ReportPage:
    """What every row of the unit's report page shares."""

    def __init__(self, context):
        self.can_edit = bool(context.get("can_edit"))
        self.categories = field_labels(Item, "category")
        self.levels = field_labels(Item, "media_level")
        self.types = field_labels(Item, "media_type")
        self.results = field_labels(Item, "review_result")
        badge = '<span class="badge text-bg-light border">{}</span>'
        self.lead = badge.format(_e(gettext("Lead story")))
        self.endorsed = badge.format(_e(gettext("Leader endorsed")))
        self.labels = {
            "edit": _e(gettext("Edit")),
            "delete": _e(gettext("Delete")),
            "confirm": _e(gettext("Delete this item?")),
        }
        request = context.get("request")
        self.csrf = _e(get_token(request)) if self.can_edit and request is not None else ""


def _result(page: _ReportPage, item: Item) -> str:
    label = _e(page.results.get(item.review_result, item.review_result))
    if item.review_result == ReviewResult.ADOPTED:
        points = gettext("%(points)s points") % {"points": formats.localize(item.final_points)}
        return (
            f'<span class="badge text-bg-success">{label}</span>'
            f'\n            <span class="small">{_e(points)}</span>'
        )
    if item.review_result == ReviewResult.REJECTED:
        reason = _e(item.rejection_reason)
        return (
            f'<span class="badge text-bg-danger">{label}</span>'
            f'\n            <div class="small">{reason}</div>'
        )
    return f'<span class="text-muted small">{label}</span>'


@register.simple_tag(takes_context=True)
def report_row(context, item: Item):
    page = context.render_context.get(_ReportPage)
    if page is None:
        page = context.render_context[_ReportPage] = _ReportPage(context)
    pk = _number(item.pk)
    title = _e(item.title)
    if item.link:
        title = LINK.format(_e(item.link), title)
    badges = (page.lead if item.is_lead_story else "") + (
        page.endorsed if item.leader_endorsed else ""
    )
    clips = [
        (_e(reverse("attachment-download", args=[clip.pk])), _e(clip.original_name))
        for clip in item.clipping_list
    ]
    actions = ""
    if page.can_edit:
        actions = ACTIONS.format(
            edit=_e(reverse("submissions:item-edit", args=[item.pk])),
            delete=_e(reverse("submissions:item-delete", args=[item.pk])),
            csrf=page.csrf,
            version=_number(item.version),
            edit_label=page.labels["edit"],
            delete_label=page.labels["delete"],
            confirm=page.labels["confirm"],
        )
    html = REPORT_ROW.format(
        pk=pk,
        number=_number(item.number),
        title=title,
        badges=badges,
        page=f'<div class="small text-muted">{_e(item.page)}</div>' if item.page else "",
        outlet=_e(item.outlet),
        level=_e(page.levels.get(item.media_level, item.media_level)),
        media_type=_e(page.types.get(item.media_type, item.media_type)),
        published=item.published_on.isoformat(),  # |date:"Y-m-d"
        category=_e(page.categories.get(item.category, item.category)),
        authors=_e(item_authors_text(item)),
        clips_inline="".join(CLIP_INLINE.format(*clip) for clip in clips),
        clips="".join(CLIP_CELL.format(*clip) for clip in clips),
        result=_result(page, item),
        actions=actions,
    )
    return mark_safe(html)  # noqa: S308 - every text above went through _e

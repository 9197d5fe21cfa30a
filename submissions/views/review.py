"""Reviewers: the queue, the review page, item decisions, adopting or returning a report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from portal.models import Role
from portal.scoping import has_role, require_role
from submissions import services
from submissions.forms.review import (
    BulkReviewForm,
    ItemReviewForm,
    ReportAdoptForm,
    ReportReturnForm,
)
from submissions.models import Report, ReportStatus, ReviewResult
from submissions.selectors import queue as queue_selectors
from submissions.selectors.reports import (
    item_for_user,
    item_of_report,
    report_for_user,
    report_items,
)
from submissions.services import ReportError

QUEUE_PAGE_SIZE = 50


def _report_for_reviewer(user, pk: int) -> Report:
    """404 outside the person's scope; 403 when they see it but do not review it."""
    report = report_for_user(user, pk)
    require_role(user, Role.REVIEWER, report.unit)
    return report


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (else on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _refused(request, report: Report, form, error: ReportError) -> bool:
    """A service refused what was sent (most often: someone else changed the report).
    While the report can still be reviewed, the form is shown again with the message and
    what was typed, and this returns True; otherwise only the message is left for the
    next page."""
    report.refresh_from_db()
    if report.status == ReportStatus.SUBMITTED:
        form.add_error(None, str(error))
        return True
    messages.error(request, str(error))
    return False


def _review_url(report_id: int, anchor: str = "") -> str:
    url = reverse("submissions:report-review", args=[report_id])
    return f"{url}#{anchor}" if anchor else url


def _render_review(request, report: Report, *, item_form=None, item_id=None, **forms):
    items = list(report_items(report))
    for item in items:
        item.review_form = item_form if item.pk == item_id else None
    bulk_form = forms.get("bulk_form") or BulkReviewForm(report=report)
    context = {
        "report": report,
        "items": items,
        "total_points": sum((item.final_points for item in items), 0),
        "pending_count": sum(item.review_result == ReviewResult.PENDING for item in items),
        "adopted_count": sum(item.review_result == ReviewResult.ADOPTED for item in items),
        "reviewable": report.status == ReportStatus.SUBMITTED,
        "holder": queue_selectors.holder_of(report),
        "changes": queue_selectors.latest_changes(report),
        "events": queue_selectors.recent_events(report),
        "bulk_form": bulk_form,
        "bulk_selected": bulk_form.selected_ids,
        "adopt_form": forms.get("adopt_form")
        or ReportAdoptForm(initial={"version": report.version}),
        "return_form": forms.get("return_form")
        or ReportReturnForm(initial={"version": report.version}),
        "result_choices": ReviewResult,
    }
    return render(request, "submissions/review/report_review.html", context)


@require_safe
@login_required
def queue(request):
    if not has_role(request.user, Role.REVIEWER):
        raise PermissionDenied
    filterset = queue_selectors.review_queue(request.user, request.GET)
    page = Paginator(filterset.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "rows": queue_selectors.queue_rows(page.object_list),
    }
    return render(request, "submissions/review/queue.html", context)


@require_safe
@login_required
def report_review(request, pk: int):
    report = _report_for_reviewer(request.user, pk)
    if report.status != ReportStatus.SUBMITTED:
        messages.info(
            request,
            _("This report is %(status)s: only a submitted report can be reviewed.")
            % {"status": report.get_status_display()},
        )
    return _render_review(request, report)


@require_POST
@login_required
def item_review(request, pk: int):
    item = item_for_user(request.user, pk)
    report = item.report
    require_role(request.user, Role.REVIEWER, report.unit)
    return _decide(request, report, item)


@require_POST
@login_required
def report_item_review(request, pk: int):
    """What item_review does, sent from a row of the review page: the report is in the
    address and the item in the form, so the page makes one address for all its rows."""
    report = _report_for_reviewer(request.user, pk)
    item = item_of_report(report, request.POST.get("item"))
    return _decide(request, report, item)


def _decide(request, report: Report, item):
    """Adopt or reject one item of `report`; back to its row, or the page again with the
    item's form showing what was wrong."""
    form = ItemReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_review(
                item=item,
                user=request.user,
                result=data["result"],
                version=data["version"],
                reason=data["reason"],
                points_override=data["points_override"],
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except ReportError as error:
            if not _refused(request, report, form, error):
                return redirect(_review_url(report.pk, f"item-{item.pk}"))
        else:
            if item.review_result == ReviewResult.ADOPTED:
                messages.success(
                    request,
                    _("Adopted “%(title)s”: %(points)s points.")
                    % {"title": item.title, "points": item.final_points},
                )
            else:
                messages.success(
                    request,
                    _("Rejected “%(title)s”; the unit will see your reason.")
                    % {"title": item.title},
                )
            return redirect(_review_url(report.pk, f"item-{item.pk}"))
    messages.error(request, _("The decision was not saved: see the item below."))
    return _render_review(request, report, item_form=form, item_id=item.pk)


@require_POST
@login_required
def items_bulk(request, pk: int):
    report = _report_for_reviewer(request.user, pk)
    form = BulkReviewForm(request.POST, report=report)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.items_review_bulk(
                report=report,
                user=request.user,
                item_ids=[item.pk for item in data["items"]],
                result=data["result"],
                reason=data["reason"],
                seen=data["seen"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except ReportError as error:
            if not _refused(request, report, form, error):
                return redirect(_review_url(report.pk))
        else:
            if data["result"] == ReviewResult.ADOPTED:
                text = ngettext("%(n)s item adopted.", "%(n)s items adopted.", count)
            else:
                text = ngettext("%(n)s item rejected.", "%(n)s items rejected.", count)
            messages.success(request, text % {"n": count})
            return redirect(_review_url(report.pk))
    return _render_review(request, report, bulk_form=form)


@require_POST
@login_required
def report_adopt(request, pk: int):
    report = _report_for_reviewer(request.user, pk)
    form = ReportAdoptForm(request.POST)
    if form.is_valid():
        try:
            services.report_adopt(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except ReportError as error:
            if not _refused(request, report, form, error):
                return redirect(_review_url(report.pk))
        else:
            messages.success(request, _("%(report)s is adopted.") % {"report": report})
            return redirect(_review_url(report.pk))
    return _render_review(request, report, adopt_form=form)


@require_POST
@login_required
def report_return(request, pk: int):
    report = _report_for_reviewer(request.user, pk)
    form = ReportReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except ReportError as error:
            if not _refused(request, report, form, error):
                return redirect(_review_url(report.pk))
        else:
            messages.success(
                request,
                _("%(report)s is returned to the unit with your comments.") % {"report": report},
            )
            return redirect(_review_url(report.pk))
    return _render_review(request, report, return_form=form)

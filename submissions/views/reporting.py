"""Filing a quarterly report: the unit's reporter adds items and hands the report on,
the unit's approver signs it off or sends it back.

Every view fetches its report or item through a scoped selector first (404 outside
the person's units), then checks the role it needs over the report's unit (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import clock
from portal.files import kept_uploads, store_uploads
from portal.models import Attachment, Role
from portal.scoping import get_unit_for_user, has_role, require_role
from submissions import services
from submissions.forms.reporting import ItemForm, NothingForm, SendBackForm, VersionForm
from submissions.models import Item, Report, ReportStatus
from submissions.selectors.reports import (
    item_for_row,
    item_for_user,
    report_for_user,
    report_items,
    report_journal,
    report_units_for_reporter,
    unit_quarters,
)

# Actions whose comment is addressed to the unit: the latest one is shown at the top.
COMMENT_ACTIONS = {
    "submissions.report.sent_back",
    "submissions.report.returned",
    "submissions.report.adopted",
}


def _report_url(report: Report, anchor: str = "") -> str:
    return reverse("submissions:report-detail", args=[report.pk]) + anchor


@require_safe
@login_required
def my_reports(request):
    units = list(report_units_for_reporter(request.user))
    if not units:
        # Reviewers and administrators file nothing themselves: point them at their work.
        context = {"is_reviewer": has_role(request.user, Role.REVIEWER)}
        return render(request, "submissions/reporting/no_units.html", context)
    (year, quarter), rows = unit_quarters(request.user)
    context = {"rows": rows, "year": year, "quarter": quarter}
    return render(request, "submissions/reporting/my_reports.html", context)


@require_POST
@login_required
def report_start(request, unit_id: int, year: int, quarter: int):
    unit = get_unit_for_user(request.user, unit_id)
    require_role(request.user, Role.REPORTER, unit)
    if not 1 <= quarter <= 4 or year < 2000:
        raise Http404
    if (year, quarter) > clock.quarter_of(clock.china_today()):
        messages.error(
            request,
            _("%(year)s Q%(quarter)s has not begun yet: a quarter is filed once it is under way.")
            % {"year": year, "quarter": quarter},
        )
        return redirect("submissions:my-reports")
    report = services.report_start(unit=unit, year=year, quarter=quarter, user=request.user)
    return redirect(_report_url(report))


def _detail_context(request, report: Report, **forms) -> dict:
    user = request.user
    items = list(report_items(report))
    events = report_journal(report)
    is_reporter = has_role(user, Role.REPORTER, report.unit)
    is_approver = has_role(user, Role.APPROVER, report.unit)
    can_edit = report.is_editable and is_reporter
    can_sign = report.status == ReportStatus.AWAITING_SIGNOFF and is_approver
    comment_event = next(
        (e for e in reversed(events) if e.action in COMMENT_ACTIONS and e.comment), None
    )
    version = {"version": report.version}
    context = {
        "report": report,
        "items": items,
        "events": events,
        "comment_event": comment_event,
        "can_edit": can_edit,
        "can_sign": can_sign,
        "is_reviewer": has_role(user, Role.REVIEWER, report.unit),
        "overdue": report.submitted_at is None and clock.china_today() > report.due_date,
        "days_left": clock.days_left(report.due_date),
    }
    if can_edit:
        # No autofocus on a plain visit: the form can be thousands of pixels down a phone's
        # page, and whoever opened the report came to read it from the top. The add form's
        # own address (#add-item) focuses the title in static/js/reporting.js.
        context["item_form"] = forms.get("item_form") or ItemForm(unit=report.unit, report=report)
        context["kept_clippings"] = forms.get("kept_clippings") or []
        context["nothing_form"] = forms.get("nothing_form") or NothingForm(
            initial={**version, "nothing_reason": report.nothing_reason}
        )
        context["version_form"] = VersionForm(initial=version)
    if can_sign:
        context["version_form"] = VersionForm(initial=version)
        context["send_back_form"] = forms.get("send_back_form") or SendBackForm(initial=version)
    return context


def _render_detail(request, report: Report, **forms):
    return render(
        request,
        "submissions/reporting/report_detail.html",
        _detail_context(request, report, **forms),
    )


@require_safe
@login_required
def report_detail(request, pk: int):
    report = report_for_user(request.user, pk)
    return _render_detail(request, report)


def _store_uploads(request, form: ItemForm, report: Report) -> list[Attachment]:
    """Store every accepted file now, even when other fields are wrong, so a clerk who
    mistyped a date need not choose the scans again. Refused files go onto the form."""
    kept = kept_uploads(request.POST.getlist("kept_clippings"), unit=report.unit, user=request.user)
    return store_uploads(form, "clippings", unit=report.unit, user=request.user, kept=kept)


def _save_item(request, form: ItemForm, *, report: Report, item=None) -> tuple[Item | None, list]:
    """Store the accepted clippings, then the item with them in one transaction.
    Returns (the item saved or None, clippings kept for the next try). Errors go onto
    the form."""
    form.is_valid()
    clippings = _store_uploads(request, form, report)
    if form.errors:
        return None, clippings
    try:
        with transaction.atomic():
            authors = form.cleaned_data["authors"]
            if item is None:
                item = services.item_create(
                    report=report,
                    user=request.user,
                    data=form.service_data(),
                    authors=authors,
                    clippings=clippings,
                )
            else:
                services.item_update(
                    item=item,
                    user=request.user,
                    data=form.service_data(),
                    version=form.cleaned_data["version"] or 0,
                    authors=authors,
                    clippings=clippings,
                )
    except ValidationError as error:
        form.add_error(None, error)
    except services.ReportError as error:
        form.add_error(None, str(error))
    return (None if form.errors else item), clippings


def _item_added(request, report: Report, item: Item):
    """The answer to an item added through htmx. When the form on the page shows no errors
    and keeps no files (the page says so in X-Form-Clean), the page empties the form itself
    (the itemAdded event, static/js/reporting.js) and the answer leaves it out: the form is
    most of what an answer would cost to render."""
    form_is_clean = request.headers.get("X-Form-Clean") == "1"
    context = {
        "report": report,
        "item_form": None
        if form_is_clean
        else ItemForm(unit=report.unit, report=report, autofocus=True),
        "added": item_for_row(item),
        "count": report.items.count(),
        "can_edit": True,
    }
    response = render(request, "submissions/reporting/_item_added.html", context)
    if form_is_clean:
        response["HX-Reswap"] = "none"
        response["HX-Trigger"] = "itemAdded"
    return response


def _is_htmx(request) -> bool:
    """Sent by htmx (the report page with JavaScript): answer with just what changed."""
    return request.headers.get("HX-Request") == "true"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_create(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.REPORTER, report.unit)
    if request.method != "POST":
        # The address a refused save leaves in the browser: Enter there, or a new tab,
        # opens the report at its add form.
        return redirect(_report_url(report, "#add-item"))
    if not report.is_editable:
        messages.error(request, _("This report has been handed on and can no longer be changed."))
        return redirect(_report_url(report))
    form = ItemForm(request.POST, request.FILES, unit=report.unit, report=report, autofocus=True)
    added, kept = _save_item(request, form, report=report)
    if added and _is_htmx(request):
        return _item_added(request, report, added)
    if added:
        messages.success(request, _("Item added. Add the next one below."))
        return redirect(_report_url(report, "#add-item"))
    if _is_htmx(request):
        context = {"report": report, "item_form": form, "kept_clippings": kept}
        return render(request, "submissions/reporting/_item_form.html", context)
    return _render_detail(request, report, item_form=form, kept_clippings=kept)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_edit(request, pk: int):
    item = item_for_user(request.user, pk)
    report = item.report
    require_role(request.user, Role.REPORTER, report.unit)
    if not report.is_editable:
        messages.error(request, _("This report has been handed on and can no longer be changed."))
        return redirect(_report_url(report))
    kept = []
    if request.method == "POST":
        form = ItemForm(request.POST, request.FILES, instance=item, unit=report.unit, report=report)
        saved, kept = _save_item(request, form, report=report, item=item)
        if saved is not None:
            messages.success(request, _("Item saved."))
            return redirect(_report_url(report, f"#item-{item.pk}"))
    else:
        form = ItemForm(
            instance=item, unit=report.unit, report=report, initial={"version": item.version}
        )
    context = {
        "form": form,
        "item": item,
        "report": report,
        "clippings": item.clippings.all(),
        "kept_clippings": kept,
    }
    return render(request, "submissions/reporting/item_edit.html", context)


@require_POST
@login_required
def item_delete(request, pk: int):
    item = item_for_user(request.user, pk)
    report = item.report
    require_role(request.user, Role.REPORTER, report.unit)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; please try again."))
        return _back_to_report(request, report)
    try:
        services.item_delete(item=item, user=request.user, version=form.cleaned_data["version"])
    except services.ReportError as error:
        messages.error(request, str(error))
        return _back_to_report(request, report)
    if _is_htmx(request):
        context = {"count": report.items.count()}
        return render(request, "submissions/reporting/_item_deleted.html", context)
    messages.success(request, _("Item “%(title)s” deleted.") % {"title": item.title})
    return redirect(_report_url(report))


def _back_to_report(request, report: Report):
    """The whole report page again, with its message: htmx reloads it (HX-Redirect)."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _report_url(report)
        return response
    return redirect(_report_url(report))


@require_POST
@login_required
def report_nothing(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.REPORTER, report.unit)
    form = NothingForm(request.POST)
    if form.is_valid():
        try:
            services.report_declare_nothing(
                report=report,
                user=request.user,
                reason=form.cleaned_data["nothing_reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.ReportError as error:
            # A rule about the report as a whole (it has items, was handed on, changed
            # meanwhile): while the form is still on the page, shown in it with the reason
            # still typed in; otherwise the page as it is now explains it.
            if not _refused(request, report, form, error, still_open=_may_declare_nothing):
                return redirect(_report_url(report))
        else:
            messages.success(
                request,
                _("The quarter is filed as “nothing to report”. Hand it to your approver."),
            )
            return redirect(_report_url(report))
    return _render_detail(request, report, nothing_form=form)


def _refused(request, report: Report, form, error, *, still_open) -> bool:
    """A service refused a form with typed text (most often: the report changed
    meanwhile). While `still_open(report)` holds for the report as it is now, the page is
    shown again with the message in the form and what was typed kept (True); otherwise
    only the message is left for the next page (False)."""
    report.refresh_from_db()
    if still_open(report):
        form.add_error(None, str(error))
        return True
    messages.error(request, str(error))
    return False


def _report_action(request, report: Report, action, success: str):
    """Run a version-carrying action on the report; a refusal becomes a message."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; please try again."))
        return redirect(_report_url(report))
    try:
        action(report=report, user=request.user, version=form.cleaned_data["version"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(_report_url(report))


@require_POST
@login_required
def report_hand_on(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.REPORTER, report.unit)
    return _report_action(
        request,
        report,
        services.report_hand_to_approver,
        _("The report is with your approver for sign-off."),
    )


@require_POST
@login_required
def report_sign_off(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.APPROVER, report.unit)
    return _report_action(
        request,
        report,
        services.report_sign_off,
        _("The report is signed off and submitted to the reviewers."),
    )


def _may_declare_nothing(report: Report) -> bool:
    return report.is_editable and not report.items.exists()


def _awaiting_signoff(report: Report) -> bool:
    return report.status == ReportStatus.AWAITING_SIGNOFF


@require_POST
@login_required
def report_send_back(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.APPROVER, report.unit)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.report_send_back(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.ReportError as error:
            if not _refused(request, report, form, error, still_open=_awaiting_signoff):
                return redirect(_report_url(report))
        else:
            messages.success(request, _("The report went back to the reporter with your comment."))
            return redirect(_report_url(report))
    if report.status != ReportStatus.AWAITING_SIGNOFF:
        return redirect(_report_url(report))
    return _render_detail(request, report, send_back_form=form)

"""Official summaries: previews in the portal, Excel twins, issuing and downloading PDFs.

Every view finds its region, report or document through a scoped selector first (404
outside the person's area), then checks the role it needs (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import documents
from portal.clock import china_today
from portal.db_router import reads_from_replica
from portal.scoping import roles_of
from portal.security_events import record_export
from portal.views.documents import pdf_response, status_response
from submissions.deadlines import current_period, last_closed_period
from submissions.exports import xlsx_response
from summaries import figures, presenters, selectors, services
from summaries.forms import IssueForm, PeriodForm
from summaries.models import DocumentKind


def _require_overseer(user) -> None:
    if not selectors.summary_regions(user).exists():
        raise PermissionDenied


def _draft(kind, title, figures_) -> dict:
    """A preview's snapshot: the figures under a header without number or issuer."""
    return {
        "document": services.header(
            kind=kind, title=title, doc_number="", issuer="", issue_date=china_today()
        ),
        "figures": figures_,
    }


def _period(request, *, quarterly: bool):
    """The region and period a summary page shows, from the query string (404 for a
    region the person does not oversee)."""
    regions = selectors.summary_regions(request.user)
    if quarterly:
        # The last quarter whose deadline has passed: a circular of an open quarter would
        # report units as missing that still have days to file.
        year, quarter = last_closed_period()
    else:
        year, quarter = current_period()
        year = year if quarter == 4 else year - 1
    initial = {"region": regions.first(), "year": year, "quarter": quarter}
    form = PeriodForm(request.GET or None, regions=regions, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        region = data["region"]
        year = data["year"]
        quarter = data["quarter"] or quarter
    else:
        region_id = request.GET.get("region")
        region = (
            selectors.region_for_user(request.user, region_id)
            if region_id and region_id.isdigit()
            else initial["region"]
        )
    return form, region, year, quarter


def _issue_form(region, title) -> IssueForm:
    office = region.units.filter(kind="poverty_office").order_by("pk").first()
    issuer = office.name if office else region.name
    # The issue date starts as today: the number follows the issuer's last one this year.
    doc_number = selectors.next_doc_number(issuer, china_today().year)
    return IssueForm(initial={"issuer": issuer, "title": title, "doc_number": doc_number})


def _summary_page(request, *, kind, snapshot, form, region, issue_url, template, issue_form=None):
    if request.GET.get("format") == "xlsx":
        record_export(request, f"summaries.{kind}")
        title = snapshot["document"]["title"]
        return xlsx_response(
            f"{title}.xlsx",
            presenters.workbook_sheets(snapshot),
            heading=presenters.workbook_heading(snapshot),
        )
    can_issue = selectors.can_issue(request.user, region)
    context = {
        **presenters.context_for(snapshot),
        "form": form,
        "region": region,
        "kind": kind,
        "can_issue": can_issue,
        "issue_form": (issue_form or _issue_form(region, snapshot["document"]["title"]))
        if can_issue
        else None,
        "issue_url": issue_url,
        "documents": selectors.visible_documents(request.user).filter(kind=kind, region=region)[
            :10
        ],
    }
    return render(request, template, context)


@login_required
@require_safe
def document_list(request):
    if not roles_of(request.user):
        raise PermissionDenied
    documents = selectors.visible_documents(request.user).select_related("region", "unit")
    return render(
        request,
        "summaries/document_list.html",
        {
            "documents": documents[:200],
            "is_overseer": selectors.summary_regions(request.user).exists(),
        },
    )


@login_required
@require_safe
@reads_from_replica
def year_end(request):
    _require_overseer(request.user)
    form, region, year, _quarter = _period(request, quarterly=False)
    snapshot = _draft(
        DocumentKind.YEAR_END,
        presenters.year_end_title(region, year),
        figures.year_end(request.user, region, year, china_today()),
    )
    return _summary_page(
        request,
        kind=DocumentKind.YEAR_END,
        snapshot=snapshot,
        form=form,
        region=region,
        issue_url=reverse("summaries:year-end-issue", args=[region.pk, year]),
        template="summaries/year_end.html",
    )


@login_required
@require_safe
@reads_from_replica
def quarterly(request):
    _require_overseer(request.user)
    form, region, year, quarter = _period(request, quarterly=True)
    snapshot = _draft(
        DocumentKind.QUARTERLY,
        presenters.quarterly_title(region, year, quarter),
        figures.quarterly(request.user, region, year, quarter, china_today()),
    )
    return _summary_page(
        request,
        kind=DocumentKind.QUARTERLY,
        snapshot=snapshot,
        form=form,
        region=region,
        issue_url=reverse("summaries:quarterly-issue", args=[region.pk, year, quarter]),
        template="summaries/quarterly.html",
    )


def _issue_refused(request, *, kind, region, year, quarter, build, form):
    period = PeriodForm(
        initial={"region": region, "year": year, "quarter": quarter},
        regions=selectors.summary_regions(request.user),
    )
    if kind == DocumentKind.YEAR_END:
        title = presenters.year_end_title(region, year)
        issue_url = reverse("summaries:year-end-issue", args=[region.pk, year])
    else:
        title = presenters.quarterly_title(region, year, quarter)
        issue_url = reverse("summaries:quarterly-issue", args=[region.pk, year, quarter])
    return _summary_page(
        request,
        kind=kind,
        snapshot=_draft(kind, title, build()),
        form=period,
        region=region,
        issue_url=issue_url,
        template=f"summaries/{'year_end' if kind == DocumentKind.YEAR_END else 'quarterly'}.html",
        issue_form=form,
    )


def _issue(request, *, kind, region, year, build, quarter=None):
    """Freeze the figures under the administrator's header and have the PDF made."""
    if not selectors.can_issue(request.user, region):
        raise PermissionDenied
    year_field = PeriodForm.base_fields["year"]
    if not year_field.min_value <= year <= year_field.max_value:
        raise Http404  # no preview offers that year
    form = IssueForm(request.POST)
    if not form.is_valid():
        # The preview again, the header as typed and each error beside its field.
        return _issue_refused(
            request, kind=kind, region=region, year=year, quarter=quarter, build=build, form=form
        )
    data = form.cleaned_data
    document, created = services.document_request(
        user=request.user,
        kind=kind,
        figures=build(),
        title=data["title"],
        doc_number=data["doc_number"],
        issuer=data["issuer"],
        issue_date=data["issue_date"],
        region=region,
    )
    # With the task service down, the document page itself says the PDF will follow.
    if not created:
        messages.info(request, _("Nothing changed since this document was issued: here it is."))
    return redirect("summaries:document-detail", pk=document.pk)


@login_required
@require_POST
def year_end_issue(request, region_id: int, year: int):
    region = selectors.region_for_user(request.user, region_id)
    return _issue(
        request,
        kind=DocumentKind.YEAR_END,
        region=region,
        year=year,
        build=lambda: figures.year_end(request.user, region, year, china_today()),
    )


@login_required
@require_POST
def quarterly_issue(request, region_id: int, year: int, quarter: int):
    region = selectors.region_for_user(request.user, region_id)
    if not 1 <= quarter <= 4:
        raise PermissionDenied
    return _issue(
        request,
        kind=DocumentKind.QUARTERLY,
        region=region,
        year=year,
        quarter=quarter,
        build=lambda: figures.quarterly(request.user, region, year, quarter, china_today()),
    )


@login_required
@require_safe
@reads_from_replica
def unit_report(request, unit_id: int, year: int, quarter: int):
    report = selectors.report_for_printout(request.user, unit_id, year, quarter)
    snapshot = _draft(
        DocumentKind.UNIT_REPORT, presenters.unit_report_title(report), figures.unit_report(report)
    )
    if request.GET.get("format") == "xlsx":
        record_export(request, "summaries.unit_report")
        return xlsx_response(
            f"{snapshot['document']['title']}.xlsx",
            presenters.workbook_sheets(snapshot),
            heading=presenters.workbook_heading(snapshot),
        )
    return render(
        request,
        "summaries/unit_report.html",
        {**presenters.context_for(snapshot), "report": report},
    )


@login_required
@require_POST
def unit_report_print(request, unit_id: int, year: int, quarter: int):
    """A unit's printout is small: made at once, then downloaded."""
    report = selectors.report_for_printout(request.user, unit_id, year, quarter)
    document, _created = services.document_request(
        user=request.user,
        kind=DocumentKind.UNIT_REPORT,
        figures=figures.unit_report(report),
        title=presenters.unit_report_title(report),
        issue_date=china_today(),
        unit=report.unit,
        make_later=False,
    )
    documents.make_now(document)
    return redirect("summaries:document-download", pk=document.pk)


@login_required
@require_safe
def document_detail(request, pk: int):
    document = selectors.document_for_user(request.user, pk)
    return render(
        request,
        "summaries/document_detail.html",
        {
            "document": document,
            "progress": documents.progress(document),
            "can_retry": selectors.can_retry(request.user, document),
        },
    )


@login_required
@require_POST
def document_retry(request, pk: int):
    """Make a document again whose making failed or whose worker died."""
    document = selectors.document_for_user(request.user, pk)
    if not selectors.can_retry(request.user, document):
        raise PermissionDenied
    documents.retry(document)
    return redirect("summaries:document-detail", pk=pk)


@login_required
@require_safe
def document_status(request, pk: int):
    document = selectors.document_for_user(request.user, pk)
    return status_response(document, reverse("summaries:document-download", args=[pk]))


@login_required
@require_safe
def document_download(request, pk: int):
    """The PDF exactly as issued."""
    document = selectors.document_for_user(request.user, pk)
    if not document.is_ready:
        return redirect("summaries:document-detail", pk=pk)
    return pdf_response(request, document, f"{document.title}.pdf")


@login_required
@require_safe
def document_xlsx(request, pk: int):
    """The Excel twin of an issued document: the same frozen figures as its PDF."""
    document = selectors.document_for_user(request.user, pk)
    record_export(request, "summaries.document")
    return xlsx_response(
        f"{document.title}.xlsx",
        presenters.workbook_sheets(document.snapshot),
        heading=presenters.workbook_heading(document.snapshot),
    )

"""Importing publicity items from an Excel sheet: the template, the upload, and the
preview where the reporter confirms the checked rows (likely duplicates flagged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from portal.models import Role
from portal.scoping import require_role
from submissions import importing, services
from submissions.forms.imports import ImportConfirmForm, ImportUploadForm
from submissions.selectors.reports import report_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def import_template(request):
    response = HttpResponse(importing.build_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="宣传成果导入模板.xlsx"
    )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def item_import(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.REPORTER, report.unit)
    if not report.is_editable:
        messages.error(request, _("This report has been handed on and can no longer be changed."))
        return redirect("submissions:report-detail", pk=report.pk)
    token = request.POST.get("token") or request.GET.get("token")
    if token:
        return _preview(request, report, token)

    form = ImportUploadForm()
    errors = []
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                sheet = importing.read_sheet(uploaded, report=report)
            except importing.SheetError as error:
                form.add_error("file", str(error))
            else:
                errors = sheet.errors
                if not errors and not sheet.rows:
                    form.add_error("file", _("The sheet has no items to import."))
                elif not errors:
                    importing.flag_duplicates(sheet.rows, report)
                    token = importing.stash(request.session, report, sheet.rows, uploaded.name)
                    return redirect(
                        f"{reverse('submissions:item-import', args=[report.pk])}?token={token}"
                    )
    context = {"report": report, "form": form, "errors": errors}
    return render(request, "submissions/imports/upload.html", context)


def _preview(request, report, token: str):
    """Show the checked rows with likely duplicates flagged (GET); import the ticked
    ones (POST)."""
    found = importing.stashed(request.session, report, token)
    if found is None:
        messages.error(request, _("This import is no longer available: upload the sheet again."))
        return redirect("submissions:item-import", pk=report.pk)
    file_name, rows = found
    numbers = [row.row for row in rows]
    if request.method == "POST":
        form = ImportConfirmForm(request.POST, row_numbers=numbers)
        if form.is_valid():
            chosen = set(form.cleaned_data["rows"])
            try:
                items = services.items_import(
                    report=report,
                    user=request.user,
                    rows=[row.for_service() for row in rows if row.row in chosen],
                    key=token,
                )
            except services.ReportError as error:
                messages.error(request, str(error))
                return redirect("submissions:report-detail", pk=report.pk)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                importing.discard(request.session, token)
                messages.success(
                    request,
                    ngettext("%(n)s item imported.", "%(n)s items imported.", len(items))
                    % {"n": len(items)},
                )
                return redirect("submissions:report-detail", pk=report.pk)
    else:
        # Rows that look like something already reported wait for the reporter's tick.
        form = ImportConfirmForm(
            initial={"token": token, "rows": [r.row for r in rows if not r.duplicates]},
            row_numbers=numbers,
        )
    ticked = {str(number) for number in form["rows"].value() or []}
    context = {
        "report": report,
        "form": form,
        "file_name": file_name,
        "rows": [(row, str(row.row) in ticked) for row in rows],
        "duplicate_count": sum(1 for row in rows if row.duplicates),
    }
    return render(request, "submissions/imports/preview.html", context)

"""The report page's grid: many items typed or pasted at once, saved together.

Like every reporting view it finds the report through the scoped selector (404 outside the
person's units) and requires the reporter's role over its unit (403)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from portal.models import Role
from portal.scoping import require_role
from submissions import services
from submissions.importing import grid as grids
from submissions.importing.columns import COLUMNS
from submissions.selectors.reports import report_for_user


def _page(request, report, grid: grids.Grid, token: str, *, problem: str = "", status=200):
    context = {
        "report": report,
        "grid": grid,
        "columns": [(column, grids.column_label(column)) for column in COLUMNS],
        "choices": grids.choice_options(),
        "token": token,
        "problem": problem,
        "max_rows": grids.MAX_GRID_ROWS,
    }
    return render(request, "submissions/reporting/item_grid.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_grid(request, pk: int):
    report = report_for_user(request.user, pk)
    require_role(request.user, Role.REPORTER, report.unit)
    if not report.is_editable:
        messages.error(request, _("This report has been handed on and can no longer be changed."))
        return redirect("submissions:report-detail", pk=report.pk)
    if request.method != "POST":
        grid = grids.empty_grid(request.GET.get("rows", grids.FIRST_ROWS))
        return _page(request, report, grid, uuid.uuid4().hex)

    # The token names this grid's save: pressed twice, it is saved once.
    token = request.POST.get("token", "")[:64] or uuid.uuid4().hex
    if request.POST.get("action") == "more":
        grid = grids.posted_grid(request.POST, extra_rows=grids.MORE_ROWS)
        return _page(request, report, grid, token)
    grid = grids.check(grids.posted_grid(request.POST), report)
    if grid.has_errors:
        problem = ngettext(
            "%(n)s cell needs correcting (marked below). Nothing was saved.",
            "%(n)s cells need correcting (marked below). Nothing was saved.",
            grid.error_count,
        ) % {"n": grid.error_count}
        return _page(request, report, grid, token, problem=problem)
    if not grid.parsed:
        return _page(request, report, grid, token, problem=_("Fill in at least one row."))
    try:
        items = services.items_import(
            report=report,
            user=request.user,
            rows=[row.for_service() for row in grid.parsed],
            key=token,
            action="submissions.items.entered",
        )
    except ValidationError as error:
        return _page(request, report, grid, token, problem=" ".join(error.messages))
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("submissions:report-detail", pk=report.pk)
    messages.success(
        request,
        ngettext("%(n)s item saved.", "%(n)s items saved.", len(items)) % {"n": len(items)},
    )
    return redirect("submissions:report-detail", pk=report.pk)

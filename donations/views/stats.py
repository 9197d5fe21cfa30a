"""Donation statistics by region, donor type, cash or in kind, designated or not."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from donations import access, selectors
from donations.forms import RegionFilterForm
from donations.models import Designation, DonorType, GiftKind
from portal.models import RegionLevel
from portal.scoping import visible_regions
from portal.security_events import record_export
from portal.spreadsheets import append_row


def _context(request):
    if not access.is_donation_staff(request.user):
        raise PermissionDenied
    regions = (
        visible_regions(request.user)
        .filter(
            level__in=[
                RegionLevel.NATION,
                RegionLevel.PROVINCE,
                RegionLevel.CITY,
                RegionLevel.COUNTY,
            ],
            is_active=True,
        )
        .order_by("path")
    )
    form = RegionFilterForm(request.GET or None, regions=regions)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    if region is None:
        region = regions.first()
    stats = selectors.statistics(request.user, region)
    rows, unplaced = selectors.region_totals(region) if region else ([], {})
    return {
        "form": form,
        "region": region,
        "stats": stats,
        "region_rows": rows,
        "unplaced": unplaced,
        "donor_types": [
            (v, label, stats["by_donor_type"].get(v, 0)) for v, label in DonorType.choices
        ],
        "kinds": [(v, label, stats["by_kind"].get(v, 0)) for v, label in GiftKind.choices],
        "designations": [
            (v, label, stats["by_designation"].get(v, 0)) for v, label in Designation.choices
        ],
        "rates": selectors.docking_rates(selectors.helping_units(request.user, region)),
    }


@require_safe
@login_required
def statistics(request):
    return render(request, "donations/staff/statistics.html", _context(request))


@require_safe
@login_required
def statistics_export(request):
    context = _context(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Totals")[:31]
    append_row(sheet, [_("Region"), str(context["region"] or "")])
    append_row(sheet, [_("Pledged (confirmed)"), context["stats"]["pledged"]])
    append_row(sheet, [_("Received"), context["stats"]["total"]])
    append_row(sheet, [_("Spent"), context["stats"]["spent"]])
    append_row(sheet, [])
    append_row(sheet, [_("By donor type"), _("Received")])
    for _v, label, total in context["donor_types"]:
        append_row(sheet, [str(label), total])
    append_row(sheet, [_("Cash or in kind"), _("Received")])
    for _v, label, total in context["kinds"]:
        append_row(sheet, [str(label), total])
    append_row(sheet, [_("Designation"), _("Received")])
    for _v, label, total in context["designations"]:
        append_row(sheet, [str(label), total])
    regions = book.create_sheet(_("By region")[:31])
    append_row(regions, [_("Region"), _("Pledged"), _("Received")])
    for row in context["region_rows"]:
        append_row(regions, [row["region"].name, row["pledged"], row["received"]])
    for ws in (sheet, regions):
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str | None):
                    cell.number_format = "#,##0.00"
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="donations.xlsx"'
    record_export(request, "donations.statistics", len(context["region_rows"]))
    return response

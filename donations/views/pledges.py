"""Pledges: recording a gift promised to a drive, confirming or withdrawing it, moving
its designation with the donor's consent, and its certificate. The pledge page and the
checks here are shared with the receipts recorded against it (views/receipts.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations import access, selectors, services
from donations.forms import (
    CashReceiptForm,
    GoodsReceiptForm,
    PledgeForm,
    ReallocationForm,
    WithdrawForm,
)
from donations.models import (
    Designation,
    GiftKind,
    Pledge,
    PledgeStatus,
    Project,
    ProjectStatus,
)
from donations.services.pledges import designation_fields
from donations.views.refusals import add_validation_error, claim_kept, refused, store_file
from portal.files import discard_uploads
from portal.models import Region, RegionLevel
from portal.views.account import client_ip


def _choices_for(drive_unit):
    projects = Project.objects.filter(
        status__in=[ProjectStatus.PUBLISHED, ProjectStatus.ENDED], office=drive_unit
    ).order_by("village__path", "title")
    villages = selectors.villages_under(drive_unit.region).order_by("path")
    return projects, villages


@require_http_methods(["GET", "POST"])
@login_required
def pledge_create(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    if not access.can_act_for(request.user, drive.unit):
        raise PermissionDenied
    projects, villages = _choices_for(drive.unit)
    form = PledgeForm(request.POST or None, projects=projects, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge = services.pledge_record(user=request.user, drive=drive, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The pledge has been recorded."))
            return redirect("donations:pledge-detail", pledge.pk)
    return render(request, "donations/staff/pledge_form.html", {"form": form, "drive": drive})


def valuation_places(pledge):
    """Where goods may be valued: the townships and villages of the drive's county."""
    return Region.objects.filter(
        path__startswith=pledge.unit.region.path,
        level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
        is_active=True,
    ).order_by("path")


def pledge_page(request, pledge, shown_field=None, shown_value=None, **forms):
    """The pledge page; with any of its forms (cash_form, goods_form, withdraw_form,
    reallocation_form) as refused, what was typed and the files kept in them; with
    `shown_field` the donor's phone in full (after pledge_personal_data), else masked."""
    today = timezone.localdate()
    projects, villages = _choices_for(pledge.unit)
    context = {
        "pledge": pledge,
        "state": selectors.pledge_state(pledge, today),
        "figures": services.pledge_figures(pledge),
        "receipts": pledge.receipts.select_related("account__region", "valued_by"),
        "reallocations": pledge.reallocations.select_related("to_project", "to_village"),
        "movable": services.movable(pledge) if pledge.kind == GiftKind.CASH else None,
        "entries": pledge.entries.select_related("account__region", "project", "village"),
        "items": pledge.items.all(),
        "can_manage": access.can_act_for(request.user, pledge.unit),
        "cash_form": forms.get("cash_form") or CashReceiptForm(),
        "goods_form": forms.get("goods_form") or GoodsReceiptForm(places=valuation_places(pledge)),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "reallocation_form": forms.get("reallocation_form")
        or ReallocationForm(projects=projects, villages=villages),
        "large_gift": pledge.is_large_gift,
        "certificate": getattr(pledge, "certificate", None),
        "may_show_personal": access.may_see_personal_data(request.user, pledge),
        "shown_field": shown_field,
        "shown_value": shown_value,
    }
    return render(request, "donations/staff/pledge_detail.html", context)


@require_safe
@login_required
def pledge_detail(request, pk: int):
    pledge = selectors.pledge_for(request.user, pk)
    return pledge_page(request, pledge)


@require_POST
@login_required
def pledge_personal_data(request, pk: int):
    """Show the donor's phone in full on the pledge page, and journal it."""
    pledge = selectors.pledge_for(request.user, pk)
    field = request.POST.get("field", "")
    value = services.personal_data_disclose(
        user=request.user, target=pledge, field=field, address=client_ip(request)
    )
    return pledge_page(request, pledge, shown_field=field, shown_value=value)


def still_confirmed(pledge) -> bool:
    """Whether the pledge's forms are still on its page (they are while it is confirmed)."""
    return Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.CONFIRMED).exists()


def gone(request, pledge, error, files=()):
    """A refusal because the pledge is no longer open: its forms are gone from the page,
    so nothing can be corrected there; the files chosen for the try are not kept."""
    discard_uploads(files)
    messages.error(request, str(error))
    return redirect("donations:pledge-detail", pledge.pk)


def managed_pledge(request, pk):
    pledge = selectors.pledge_for(request.user, pk)
    if not access.can_act_for(request.user, pledge.unit):
        raise PermissionDenied
    return pledge


@require_POST
@login_required
def pledge_confirm(request, pk: int):
    pledge = managed_pledge(request, pk)
    accept = request.POST.get("decision") != "decline"
    try:
        services.pledge_confirm(user=request.user, pledge=pledge, accept=accept)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The pledge now counts.") if accept else _("The intention was declined.")
        )
    return redirect("donations:pledge-detail", pledge.pk)


@require_POST
@login_required
def pledge_withdraw(request, pk: int):
    pledge = managed_pledge(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_withdraw(
                user=request.user, pledge=pledge, reason=form.cleaned_data["reason"]
            )
        except services.DonationError as error:
            if not still_confirmed(pledge):
                return gone(request, pledge, error)
            form.add_error(None, str(error))  # received in full: about the pledge
        else:
            messages.success(request, _("The pledge is recorded as withdrawn."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return pledge_page(request, pledge, withdraw_form=form)


@require_POST
@login_required
def pledge_reallocate(request, pk: int):
    pledge = managed_pledge(request, pk)
    projects, villages = _choices_for(pledge.unit)
    form = ReallocationForm(
        request.POST,
        request.FILES,
        projects=projects,
        villages=villages,
        kept=claim_kept(request, "consent_evidence", unit=pledge.unit),
    )
    form.is_valid()
    # Stored now, even when another field is wrong: kept for the next try.
    evidence = store_file(request, form, unit=pledge.unit)
    if not form.errors:
        data = {**form.cleaned_data, "consent_evidence": evidence[0] if evidence else None}
        try:
            services.pledge_reallocate(user=request.user, pledge=pledge, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            if not still_confirmed(pledge):
                return gone(request, pledge, error, evidence)
            _reallocation_refused(form, pledge, data, error)
        else:
            messages.success(request, _("The funds were moved with the donor's consent."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return pledge_page(request, pledge, reallocation_form=form)


CONSENT_FIELDS = ("consent_on", "consent_note", "consent_evidence")


def _reallocation_refused(form, pledge, data, error) -> None:
    """Put a refused move's message beside the field it is about, found by asking in the
    order pledge_reallocate checks: the consent, the new use, then the amount held."""
    message = str(error)
    missing = [
        name
        for name in CONSENT_FIELDS
        if not (data[name].strip() if name == "consent_note" else data[name])
    ]
    if missing:
        form.add_error(missing[0], message)
        for name in missing[1:]:
            form.add_error(name, form.fields[name].error_messages["required"])
        return
    designation = data["to_designation"]
    try:
        target = designation_fields(
            pledge.drive, designation, data["to_project"], data["to_village"]
        )
    except services.DonationError:
        field = {Designation.PROJECT: "to_project", Designation.VILLAGE: "to_village"}
        form.add_error(field.get(designation), message)
        return
    if (target["project"], target["village"]) == (pledge.project, pledge.village):
        form.add_error("to_designation", message)
    else:
        form.add_error("amount", message)

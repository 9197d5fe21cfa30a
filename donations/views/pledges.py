"""Drives, pledges and what was received: the county office's book of gifts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import services as campaign_services
from campaigns.models import Campaign
from campaigns.selectors import assignments_visible_to, campaigns_visible_to
from donations import access, drive_figures, rules, selectors, services
from donations.forms import (
    CashReceiptForm,
    DriveCampaignForm,
    DriveForm,
    GoodsReceiptForm,
    PledgeForm,
    ReallocationForm,
    StatisticsFileForm,
    WithdrawForm,
)
from donations.models import Certificate, GiftKind, PledgeStatus, Project, ProjectStatus
from portal.models import Region, RegionLevel
from portal.services import attachment_create


def _choices_for(drive_unit):
    projects = Project.objects.filter(
        status__in=[ProjectStatus.PUBLISHED, ProjectStatus.ENDED], office=drive_unit
    ).order_by("village__path", "title")
    villages = selectors.villages_under(drive_unit.region).order_by("path")
    return projects, villages


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@require_safe
@login_required
def drive_list(request):
    drives = selectors.drives_for(request.user).order_by("-period_end")
    context = {
        "drives": drives,
        "can_create": selectors.office_units(request.user).exists(),
    }
    return render(request, "donations/staff/drive_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def drive_create(request):
    units = selectors.office_units(request.user)
    if not units.exists():
        raise PermissionDenied
    campaigns = drive_figures.campaign_choices(request.user, units)
    form = DriveForm(request.POST or None, units=units, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        try:
            drive = services.drive_create(user=request.user, **form.cleaned_data)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The drive has been created."))
            return redirect("donations:drive-detail", drive.pk)
    return render(request, "donations/staff/drive_form.html", {"form": form})


@require_safe
@login_required
def drive_detail(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    today = timezone.localdate()
    pledges = selectors.drive_pledges(drive, today)
    counted = [p for p in pledges if p.status in (PledgeStatus.CONFIRMED, PledgeStatus.WITHDRAWN)]
    context = {
        "drive": drive,
        "pledges": pledges,
        "can_manage": access.can_act_for(request.user, drive.unit),
        "disclosure_due": rules.disclosure_due(drive.period_end),
        "totals": {
            "pledged": sum((p.amount for p in counted if p.status == "confirmed"), start=0),
            "received": sum((p.received for p in counted), start=0),
            "outstanding": sum((p.outstanding for p in counted), start=0),
        },
        "stats": _statistics_context(request.user, drive),
    }
    return render(request, "donations/staff/drive_detail.html", context)


def _statistics_context(user, drive) -> dict:
    """The statistics card: the linked campaign, its closing-summary assignment, what has
    been filed, what would be filed now, and why filing is not possible, if it is not."""
    can_manage = access.can_act_for(user, drive.unit)
    assignment = drive_figures.summary_assignment(drive)
    try:
        services.drive_statistics_assignment(drive)
        blocker = ""
    except services.DonationError as error:
        blocker = str(error)
    campaign = drive.campaign
    return {
        "campaign": campaign,
        "campaign_visible": campaign is not None
        and campaigns_visible_to(user).filter(pk=campaign.pk).exists(),
        "assignment": assignment,
        "assignment_visible": assignment is not None
        and assignments_visible_to(user).filter(pk=assignment.pk).exists(),
        "figures": drive_figures.drive_figures(drive),
        "blocker": blocker,
        "can_file": can_manage and not blocker and campaign_services.may_file(user, assignment),
        "file_form": StatisticsFileForm(initial={"version": assignment.version})
        if assignment
        else None,
        "link_form": DriveCampaignForm(
            initial={"campaign": drive.campaign_id},
            campaigns=_link_choices(user, drive),
        )
        if can_manage and not drive.stats_filed_at
        else None,
    }


def _link_choices(user, drive):
    """The campaigns the office may link, and the one linked now (even if it is a draft
    the person cannot see, or closed), so that the form shows what is set."""
    choices = drive_figures.campaign_choices(user, [drive.unit])
    return Campaign.objects.filter(
        Q(pk__in=choices.values("pk")) | Q(pk=drive.campaign_id)
    ).order_by("-year", "title")


@require_POST
@login_required
def drive_campaign(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    if not access.can_act_for(request.user, drive.unit):
        raise PermissionDenied
    form = DriveCampaignForm(request.POST, campaigns=_link_choices(request.user, drive))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("donations:drive-detail", drive.pk)
    campaign = form.cleaned_data["campaign"]
    try:
        services.drive_link_campaign(user=request.user, drive=drive, campaign=campaign)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        if campaign is None:
            messages.success(request, _("The drive is no longer linked to a campaign."))
        else:
            messages.success(
                request, _("The drive is now linked to %(campaign)s.") % {"campaign": campaign}
            )
    return redirect("donations:drive-detail", drive.pk)


@require_POST
@login_required
def drive_file_statistics(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    if not access.can_act_for(request.user, drive.unit):
        raise PermissionDenied
    form = StatisticsFileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look at it again and retry."))
        return redirect("donations:drive-detail", drive.pk)
    try:
        progress = services.drive_file_statistics(
            user=request.user, drive=drive, version=form.cleaned_data["version"]
        )
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The donation statistics were filed into the closing summary of %(campaign)s: "
                "funds raised ¥%(amount)s."
            )
            % {
                "campaign": progress.assignment.activity.campaign,
                "amount": f"{progress.funds_raised:,.2f}",
            },
        )
    return redirect("donations:drive-detail", drive.pk)


@require_POST
@login_required
def drive_disclose(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    if not access.can_act_for(request.user, drive.unit):
        raise PermissionDenied
    try:
        count = services.drive_disclose_donors(user=request.user, drive=drive)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)d donors are now disclosed.") % {"count": count})
    return redirect("donations:drive-detail", drive.pk)


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
            form.add_error(None, error)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The pledge has been recorded."))
            return redirect("donations:pledge-detail", pledge.pk)
    return render(request, "donations/staff/pledge_form.html", {"form": form, "drive": drive})


@require_safe
@login_required
def pledge_detail(request, pk: int):
    pledge = selectors.pledge_for(request.user, pk)
    today = timezone.localdate()
    projects, villages = _choices_for(pledge.unit)
    places = Region.objects.filter(
        path__startswith=pledge.unit.region.path,
        level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
    ).order_by("path")
    context = {
        "pledge": pledge,
        "state": selectors.pledge_state(pledge, today),
        "figures": services.pledge_figures(pledge),
        "receipts": pledge.receipts.select_related("account__region", "valued_by"),
        "reallocations": pledge.reallocations.select_related("to_project", "to_village"),
        "entries": pledge.entries.select_related("account__region", "project", "village"),
        "items": pledge.items.all(),
        "can_manage": access.can_act_for(request.user, pledge.unit),
        "cash_form": CashReceiptForm(),
        "goods_form": GoodsReceiptForm(places=places),
        "withdraw_form": WithdrawForm(),
        "reallocation_form": ReallocationForm(projects=projects, villages=villages),
        "large_gift": pledge.is_large_gift,
        "certificate": getattr(pledge, "certificate", None),
    }
    return render(request, "donations/staff/pledge_detail.html", context)


def _managed_pledge(request, pk):
    pledge = selectors.pledge_for(request.user, pk)
    if not access.can_act_for(request.user, pledge.unit):
        raise PermissionDenied
    return pledge


@require_POST
@login_required
def pledge_confirm(request, pk: int):
    pledge = _managed_pledge(request, pk)
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
    pledge = _managed_pledge(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("donations:pledge-detail", pledge.pk)
    try:
        services.pledge_withdraw(
            user=request.user, pledge=pledge, reason=form.cleaned_data["reason"]
        )
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The pledge is recorded as withdrawn."))
    return redirect("donations:pledge-detail", pledge.pk)


@require_POST
@login_required
def receipt_create(request, pk: int):
    pledge = _managed_pledge(request, pk)
    if pledge.kind == GiftKind.CASH:
        form = CashReceiptForm(request.POST)
    else:
        places = Region.objects.filter(
            path__startswith=pledge.unit.region.path,
            level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
        )
        form = GoodsReceiptForm(request.POST, request.FILES, places=places)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("donations:pledge-detail", pledge.pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if pledge.kind == GiftKind.CASH:
                services.receipt_record_cash(user=request.user, pledge=pledge, **data)
            else:
                certificate = attachment_create(
                    unit=pledge.unit, uploaded=data.pop("certificate"), uploaded_by=request.user
                )
                services.receipt_record_goods(
                    user=request.user, pledge=pledge, certificate=certificate, **data
                )
    except ValidationError as error:
        messages.error(request, services.validation_message(error))
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The receipt has been recorded."))
    return redirect("donations:pledge-detail", pledge.pk)


@require_POST
@login_required
def pledge_reallocate(request, pk: int):
    pledge = _managed_pledge(request, pk)
    projects, villages = _choices_for(pledge.unit)
    form = ReallocationForm(request.POST, request.FILES, projects=projects, villages=villages)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("donations:pledge-detail", pledge.pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            upload = data.pop("consent_evidence")
            evidence = (
                attachment_create(unit=pledge.unit, uploaded=upload, uploaded_by=request.user)
                if upload
                else None
            )
            services.pledge_reallocate(
                user=request.user, pledge=pledge, consent_evidence=evidence, **data
            )
    except ValidationError as error:
        messages.error(request, services.validation_message(error))
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The funds were moved with the donor's consent."))
    return redirect("donations:pledge-detail", pledge.pk)


@require_safe
@login_required
def goods_queue(request):
    receipts = selectors.goods_to_confirm(request.user)
    return render(request, "donations/staff/goods_queue.html", {"receipts": receipts})


@require_POST
@login_required
def receipt_confirm(request, pk: int):
    receipt = selectors.receipt_for_confirmation(request.user, pk)
    if not access.can_confirm_goods(request.user, receipt):
        raise PermissionDenied
    try:
        services.receipt_confirm_goods(user=request.user, receipt=receipt)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The goods and their valuation are confirmed."))
    return redirect("donations:goods-queue")


@require_safe
@login_required
def disclosures(request):
    rows = selectors.disclosures_due(request.user, timezone.localdate())
    return render(request, "donations/staff/disclosures.html", {"rows": rows})


@require_safe
@login_required
def certificate_pdf(request, pk: int):
    pledge = selectors.pledge_for(request.user, pk)
    certificate = get_object_or_404(Certificate, pledge=pledge)
    base = getattr(settings, "PORTAL_BASE_URL", "") or request.build_absolute_uri("/")
    verify_url = base.rstrip("/") + reverse(
        "donations:certificate-verify", args=[certificate.token]
    )
    pdf = services.certificate_pdf(certificate=certificate, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.pdf"'
    return response

"""Drives, pledges and what was received: the county office's book of gifts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
from donations.models import (
    Certificate,
    Designation,
    GiftKind,
    Pledge,
    PledgeStatus,
    Project,
    ProjectStatus,
)
from donations.services.pledges import designation_fields
from donations.views.refusals import add_validation_error, claim_kept, refused, store_file
from portal.models import Region, RegionLevel
from portal.uploads import discard_uploads


def _choices_for(drive_unit):
    projects = Project.objects.filter(
        status__in=[ProjectStatus.PUBLISHED, ProjectStatus.ENDED], office=drive_unit
    ).order_by("village__path", "title")
    villages = selectors.villages_under(drive_unit.region).order_by("path")
    return projects, villages


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


def _drive_page(request, drive, *, link_form=None):
    """The drive page; with the campaign link form as refused, when it was."""
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
        "stats": _statistics_context(request.user, drive, link_form=link_form),
    }
    return render(request, "donations/staff/drive_detail.html", context)


@require_safe
@login_required
def drive_detail(request, pk: int):
    drive = selectors.drive_for(request.user, pk)
    return _drive_page(request, drive)


def _statistics_context(user, drive, *, link_form=None) -> dict:
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
        "link_form": link_form
        or DriveCampaignForm(
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
    if form.is_valid():
        campaign = form.cleaned_data["campaign"]
        try:
            services.drive_link_campaign(user=request.user, drive=drive, campaign=campaign)
        except services.DonationError as error:
            if drive.stats_filed_at:
                # Filed: the page has no link form any more, only the reason.
                messages.error(request, str(error))
                return redirect("donations:drive-detail", drive.pk)
            form.add_error("campaign", str(error))
        else:
            if campaign is None:
                messages.success(request, _("The drive is no longer linked to a campaign."))
            else:
                messages.success(
                    request, _("The drive is now linked to %(campaign)s.") % {"campaign": campaign}
                )
            return redirect("donations:drive-detail", drive.pk)
    form.fields["campaign"].widget.attrs["class"] += " is-invalid"
    refused(request)
    return _drive_page(request, drive, link_form=form)


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
            add_validation_error(form, error)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The pledge has been recorded."))
            return redirect("donations:pledge-detail", pledge.pk)
    return render(request, "donations/staff/pledge_form.html", {"form": form, "drive": drive})


def _places(pledge):
    """Where goods may be valued: the townships and villages of the drive's county."""
    return Region.objects.filter(
        path__startswith=pledge.unit.region.path,
        level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
    ).order_by("path")


def _pledge_page(request, pledge, **forms):
    """The pledge page; with any of its forms (cash_form, goods_form, withdraw_form,
    reallocation_form) as refused, what was typed and the files kept in them."""
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
        "goods_form": forms.get("goods_form") or GoodsReceiptForm(places=_places(pledge)),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "reallocation_form": forms.get("reallocation_form")
        or ReallocationForm(projects=projects, villages=villages),
        "large_gift": pledge.is_large_gift,
        "certificate": getattr(pledge, "certificate", None),
    }
    return render(request, "donations/staff/pledge_detail.html", context)


@require_safe
@login_required
def pledge_detail(request, pk: int):
    pledge = selectors.pledge_for(request.user, pk)
    return _pledge_page(request, pledge)


def _still_confirmed(pledge) -> bool:
    """Whether the pledge's forms are still on its page (they are while it is confirmed)."""
    return Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.CONFIRMED).exists()


def _gone(request, pledge, error, files=()):
    """A refusal because the pledge is no longer open: its forms are gone from the page,
    so nothing can be corrected there; the files chosen for the try are not kept."""
    discard_uploads(files)
    messages.error(request, str(error))
    return redirect("donations:pledge-detail", pledge.pk)


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
    if form.is_valid():
        try:
            services.pledge_withdraw(
                user=request.user, pledge=pledge, reason=form.cleaned_data["reason"]
            )
        except services.DonationError as error:
            if not _still_confirmed(pledge):
                return _gone(request, pledge, error)
            form.add_error(None, str(error))  # received in full: about the pledge
        else:
            messages.success(request, _("The pledge is recorded as withdrawn."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return _pledge_page(request, pledge, withdraw_form=form)


@require_POST
@login_required
def receipt_create(request, pk: int):
    pledge = _managed_pledge(request, pk)
    if pledge.status != PledgeStatus.CONFIRMED:
        # The page offers no receipt form now: store no file for it.
        messages.error(request, _("Receipts are recorded only against a confirmed pledge."))
        return redirect("donations:pledge-detail", pledge.pk)
    certificate = []
    if pledge.kind == GiftKind.CASH:
        name, form = "cash_form", CashReceiptForm(request.POST)
        form.is_valid()
    else:
        kept = claim_kept(request, "certificate", unit=pledge.unit)
        name = "goods_form"
        form = GoodsReceiptForm(request.POST, request.FILES, places=_places(pledge), kept=kept)
        form.is_valid()
        # Stored now, even when another field is wrong: kept for the next try.
        certificate = store_file(request, form, unit=pledge.unit)
    if not form.errors:
        data = dict(form.cleaned_data)
        try:
            if pledge.kind == GiftKind.CASH:
                services.receipt_record_cash(user=request.user, pledge=pledge, **data)
            else:
                data["certificate"] = certificate[0]
                services.receipt_record_goods(user=request.user, pledge=pledge, **data)
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            if not _still_confirmed(pledge):
                return _gone(request, pledge, error, certificate)
            # On an open pledge of its kind, what is refused is the amount (more than
            # is outstanding): the places offered are those the service accepts.
            form.add_error("amount", str(error))
        else:
            messages.success(request, _("The receipt has been recorded."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return _pledge_page(request, pledge, **{name: form})


@require_POST
@login_required
def pledge_reallocate(request, pk: int):
    pledge = _managed_pledge(request, pk)
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
            if not _still_confirmed(pledge):
                return _gone(request, pledge, error, evidence)
            _reallocation_refused(form, pledge, data, error)
        else:
            messages.success(request, _("The funds were moved with the donor's consent."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return _pledge_page(request, pledge, reallocation_form=form)


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
    # The configured public address, as on award certificates: the QR code outlives the
    # address the clerk printed it from.
    verify_url = settings.PORTAL_URL.rstrip("/") + reverse(
        "donations:certificate-verify", args=[certificate.token]
    )
    pdf = services.certificate_pdf(certificate=certificate, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.pdf"'
    return response

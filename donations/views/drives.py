"""Drives: the office's fundraising drives, their figures filed as a campaign's closing
summary, the disclosure of their donors, and the disclosures the offices still owe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import services as campaign_services
from campaigns.models import Campaign
from campaigns.selectors import assignments_visible_to, campaigns_visible_to
from donations import access, drive_figures, rules, selectors, services
from donations.forms import DriveCampaignForm, DriveForm, StatisticsFileForm
from donations.models import PledgeStatus
from donations.views.refusals import refused


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


@require_safe
@login_required
def disclosures(request):
    rows = selectors.disclosures_due(request.user, timezone.localdate())
    return render(request, "donations/staff/disclosures.html", {"rows": rows})

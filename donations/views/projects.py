"""Claimable projects: a township proposes, the county office screens, publishes,
records the use of funds, ends the project and discloses the use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations import access, selectors, services
from donations.forms import EndForm, ProjectForm, ScreenForm, SpendingForm
from donations.models import ProjectStatus
from portal.models import Region, RegionLevel
from portal.services import attachment_create


def _villages_for(units):
    regions = Region.objects.none()
    for unit in units:
        regions |= selectors.villages_under(unit.region)
    return regions.filter(level=RegionLevel.VILLAGE).order_by("path")


@require_safe
@login_required
def project_list(request):
    projects = selectors.with_project_totals(selectors.projects_for(request.user)).order_by(
        "status", "village__path", "title"
    )
    context = {
        "projects": projects,
        "can_propose": selectors.proposing_units(request.user).exists(),
    }
    return render(request, "donations/staff/project_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def project_create(request):
    units = selectors.proposing_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None, request.FILES or None, units=units, villages=_villages_for(units)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                photos = [
                    attachment_create(unit=data["unit"], uploaded=f, uploaded_by=request.user)
                    for f in data["photos"]
                ]
                project = services.project_propose(
                    user=request.user,
                    unit=data["unit"],
                    village=data["village"],
                    title=data["title"],
                    purpose=data["purpose"],
                    category=data["category"],
                    budget=data["budget"],
                    claim_deadline=data["claim_deadline"],
                    photos=photos,
                )
        except ValidationError as error:
            form.add_error(None, error)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The project has been sent to the county office."))
            return redirect("donations:project-detail", project.pk)
    return render(request, "donations/staff/project_form.html", {"form": form})


@require_safe
@login_required
def project_detail(request, pk: int):
    project = selectors.project_for(request.user, pk)
    context = {
        "project": project,
        "can_screen": project.status == ProjectStatus.PROPOSED
        and access.can_screen(request.user, project),
        "can_manage": access.can_act_for(request.user, project.office),
        "screen_form": ScreenForm(),
        "end_form": EndForm(),
        "spending_form": SpendingForm(),
        "spendings": project.spendings.select_related("evidence"),
        "pledges": selectors.with_pledge_totals(project.pledges.all()).order_by("donor_name"),
        "photos": project.photos.all(),
    }
    return render(request, "donations/staff/project_detail.html", context)


def _project_action(request, pk):
    project = selectors.project_for(request.user, pk)
    return project


@require_POST
@login_required
def project_screen(request, pk: int):
    project = _project_action(request, pk)
    if not access.can_screen(request.user, project):
        raise PermissionDenied
    form = ScreenForm(request.POST)
    if form.is_valid():
        try:
            services.project_screen(
                user=request.user,
                project=project,
                accept=form.cleaned_data["decision"] == "publish",
                note=form.cleaned_data["note"],
            )
        except services.DonationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The screening decision has been recorded."))
    return redirect("donations:project-detail", project.pk)


@require_POST
@login_required
def project_end(request, pk: int):
    project = _project_action(request, pk)
    if not access.can_act_for(request.user, project.office):
        raise PermissionDenied
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.project_end(
                user=request.user, project=project, ended_on=form.cleaned_data["ended_on"]
            )
        except services.DonationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The project is recorded as ended."))
    return redirect("donations:project-detail", project.pk)


@require_POST
@login_required
def project_disclose(request, pk: int):
    project = _project_action(request, pk)
    if not access.can_act_for(request.user, project.office):
        raise PermissionDenied
    try:
        services.project_disclose_use(user=request.user, project=project)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The use of the project's funds is now public."))
    return redirect("donations:project-detail", project.pk)


@require_POST
@login_required
def spending_create(request, pk: int):
    project = _project_action(request, pk)
    if not access.can_act_for(request.user, project.office):
        raise PermissionDenied
    form = SpendingForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("donations:project-detail", project.pk)
    data = form.cleaned_data
    try:
        # One transaction: a refused spending keeps no orphaned evidence row.
        with transaction.atomic():
            evidence = attachment_create(
                unit=project.office, uploaded=data["evidence"], uploaded_by=request.user
            )
            services.spending_record(
                user=request.user,
                project=project,
                amount=data["amount"],
                spent_on=data["spent_on"],
                purpose=data["purpose"],
                evidence=evidence,
            )
    except ValidationError as error:
        messages.error(request, services.validation_message(error))
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The spending has been recorded."))
    return redirect("donations:project-detail", project.pk)

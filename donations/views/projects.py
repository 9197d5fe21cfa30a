"""Claimable projects: a township proposes, the county office screens, publishes,
records the use of funds, ends the project and discloses the use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations import access, selectors, services
from donations.forms import EndForm, ProjectForm, ScreenForm, SpendingForm
from donations.models import ProjectStatus
from donations.views.refusals import add_validation_error, claim_kept, refused, store_file
from portal.files import discard_uploads, kept_uploads, store_uploads
from portal.models import Region, RegionLevel

# The states in which a project's page offers the spending form.
SPENDING_STATUSES = (ProjectStatus.PUBLISHED, ProjectStatus.ENDED)


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
    photos = []
    if request.method == "POST":
        form.is_valid()
        # Stored now, even when another field is wrong: kept for the next try.
        unit = form.cleaned_data.get("unit") or (units.first() if len(units) == 1 else None)
        if unit is not None:
            kept = kept_uploads(request.POST.getlist("kept_photos"), unit=unit, user=request.user)
            photos = store_uploads(form, "photos", unit=unit, user=request.user, kept=kept)
        if not form.errors:
            data = form.cleaned_data
            try:
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
                add_validation_error(form, error)
            except services.DonationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The project has been sent to the county office."))
                return redirect("donations:project-detail", project.pk)
    context = {"form": form, "kept_photos": photos}
    return render(request, "donations/staff/project_form.html", context)


def _project_page(request, project, **forms):
    """The project page; with any of its forms (screen_form, end_form, spending_form)
    as refused, what was typed and the file kept in them. Its pledges are those the donors
    designated for it, with what each agreed to move elsewhere, and the moves in and out."""
    moves = selectors.project_moves(project)
    context = {
        "project": project,
        "can_screen": project.status == ProjectStatus.PROPOSED
        and access.can_screen(request.user, project),
        "can_manage": access.can_act_for(request.user, project.office),
        "screen_form": forms.get("screen_form") or ScreenForm(),
        "end_form": forms.get("end_form") or EndForm(),
        "spending_form": forms.get("spending_form") or SpendingForm(),
        "spendings": project.spendings.select_related("evidence"),
        "pledges": selectors.project_pledges(project, moves),
        "moves": moves,
        "photos": project.photos.all(),
    }
    return render(request, "donations/staff/project_detail.html", context)


@require_safe
@login_required
def project_detail(request, pk: int):
    project = selectors.project_for(request.user, pk)
    return _project_page(request, project)


def _moved_on(request, project, error, files=()):
    """A refusal because the project has moved on (screened, ended): the form is gone
    from its page, so nothing can be corrected there; chosen files are not kept."""
    discard_uploads(files)
    messages.error(request, str(error))
    return redirect("donations:project-detail", project.pk)


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
            return _moved_on(request, project, error)  # screened meanwhile
        messages.success(request, _("The screening decision has been recorded."))
        return redirect("donations:project-detail", project.pk)
    refused(request)
    return _project_page(request, project, screen_form=form)


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
            return _moved_on(request, project, error)  # no longer published
        messages.success(request, _("The project is recorded as ended."))
        return redirect("donations:project-detail", project.pk)
    refused(request)
    return _project_page(request, project, end_form=form)


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
    if project.status not in SPENDING_STATUSES:
        # The page offers no spending form now: store no file for it.
        messages.error(request, _("Spending is recorded on a published project."))
        return redirect("donations:project-detail", project.pk)
    form = SpendingForm(
        request.POST, request.FILES, kept=claim_kept(request, "evidence", unit=project.office)
    )
    form.is_valid()
    # Stored now, even when another field is wrong: kept for the next try, claimed by
    # the spending that is recorded, or discarded if the project has moved on.
    evidence = store_file(request, form, unit=project.office)
    if not form.errors:
        data = form.cleaned_data
        try:
            services.spending_record(
                user=request.user,
                project=project,
                amount=data["amount"],
                spent_on=data["spent_on"],
                purpose=data["purpose"],
                evidence=evidence[0],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            project.refresh_from_db()
            if project.status not in SPENDING_STATUSES:
                return _moved_on(request, project, error, evidence)
            # On a project that takes spending, what is refused is the amount (more
            # than the project holds).
            form.add_error("amount", str(error))
        else:
            messages.success(request, _("The spending has been recorded."))
            return redirect("donations:project-detail", project.pk)
    refused(request)
    return _project_page(request, project, spending_form=form)

"""Campaign pages. Every view fetches its campaign or assignment through a scoped
selector first (404 outside the person's reach), then checks the role it needs (403)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import selectors, services
from campaigns.exports import matrix_workbook
from campaigns.forms import (
    ActivityForm,
    CampaignForm,
    CommentForm,
    CopyForm,
    FilterForm,
    PhaseFormSet,
    ProgressForm,
    VersionForm,
)
from campaigns.models import Activity, Assignment, Campaign, CampaignStatus
from campaigns.timeline import timeline
from portal.clock import china_today
from portal.files import discard_uploads, kept_uploads, store_uploads
from portal.models import Membership, RegionLevel, Role
from portal.scoping import has_role, roles_of, visible_units
from portal.security_events import record_download, record_export
from portal.views.files import open_stored


def _is_admin(user, campaign: Campaign) -> bool:
    return has_role(user, Role.ADMIN, campaign.owner_unit)


def _require_admin(user, campaign: Campaign) -> None:
    if not _is_admin(user, campaign):
        raise PermissionDenied


def _owner_units(user):
    """The units in whose name the person may organise a campaign: those where they are
    an administrator themselves (a superuser: any provincial or city unit)."""
    if user.is_superuser:
        return visible_units(user).filter(
            region__level__in=[RegionLevel.NATION, RegionLevel.PROVINCE, RegionLevel.CITY]
        )
    ids = Membership.objects.filter(user=user, role=Role.ADMIN, unit__is_active=True).values("unit")
    return visible_units(user).filter(pk__in=ids).select_related("region")


# --- Campaigns -------------------------------------------------------------------------


@require_safe
@login_required
def campaign_list(request):
    user = request.user
    if not roles_of(user):
        raise PermissionDenied
    context = {
        "campaigns": selectors.campaign_list(user),
        "can_create": Role.ADMIN in roles_of(user),
        "has_units": has_role(user, Role.REPORTER) or has_role(user, Role.APPROVER),
        "waiting": list(selectors.lead_queue(user)[:50]),
    }
    return render(request, "campaigns/campaign_list.html", context)


def _phase_rows(formset) -> tuple[list, list]:
    keep, delete = [], []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            if form.instance.pk:
                delete.append(form.instance)
            continue
        keep.append(form.save(commit=False))
    return keep, delete


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def campaign_create(request):
    owner_units = list(_owner_units(request.user))
    if not owner_units:
        raise PermissionDenied
    form = CampaignForm(request.POST or None, owner_units=_owner_units(request.user))
    formset = PhaseFormSet(request.POST or None, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        phases, _deleted = _phase_rows(formset)
        try:
            campaign = services.campaign_create(
                user=request.user,
                owner_unit=form.cleaned_data["owner_unit"],
                data=form.service_data(),
                phases=[
                    {"name": p.name, "starts_on": p.starts_on, "ends_on": p.ends_on} for p in phases
                ],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign created. Add its activities."))
            return redirect("campaigns:campaign-detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "formset": formset})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    _require_admin(request.user, campaign)
    form = CampaignForm(
        request.POST or None, instance=campaign, initial={"version": campaign.version}
    )
    formset = PhaseFormSet(request.POST or None, instance=campaign, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        phases, deleted = _phase_rows(formset)
        try:
            services.campaign_update(
                campaign=Campaign.objects.get(pk=campaign.pk),
                user=request.user,
                data=form.service_data(),
                version=form.cleaned_data["version"] or 0,
                phases=phases,
                deleted_phases=deleted,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.CampaignError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign-detail", campaign.pk)
    context = {"form": form, "formset": formset, "campaign": campaign}
    return render(request, "campaigns/campaign_form.html", context)


@require_POST
@login_required
def campaign_copy(request, pk: int):
    source = selectors.campaign_for_user(request.user, pk)
    _require_admin(request.user, source)
    form = CopyForm(request.POST)
    if not form.is_valid():
        # The detail page again, the year typed and its error beside the field.
        return _campaign_page(request, source, copy_form=form)
    copy = services.campaign_copy(source=source, user=request.user, year=form.cleaned_data["year"])
    messages.success(request, _("Copied as a draft. Check its dates, then publish it."))
    return redirect("campaigns:campaign-detail", copy.pk)


def _campaign_action(request, pk: int, action, success: str):
    campaign = selectors.campaign_for_user(request.user, pk)
    _require_admin(request.user, campaign)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; please try again."))
        return redirect("campaigns:campaign-detail", campaign.pk)
    try:
        result = action(campaign=campaign, user=request.user, version=form.cleaned_data["version"])
    except services.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"n": result if isinstance(result, int) else 0})
    return redirect("campaigns:campaign-detail", campaign.pk)


@require_POST
@login_required
def campaign_publish(request, pk: int):
    return _campaign_action(
        request,
        pk,
        services.campaign_publish,
        _("Published: %(n)s assignments went to the responsible units."),
    )


@require_POST
@login_required
def campaign_close(request, pk: int):
    return _campaign_action(request, pk, services.campaign_close, _("The campaign is closed."))


def _matrix(request, campaign: Campaign):
    cities = selectors.city_choices(request.user)
    filters = FilterForm(request.GET or None, campaign=campaign, cities=cities)
    kwargs = {}
    if filters.is_valid():
        data = filters.cleaned_data
        kwargs = {
            "phase_id": data["phase"].pk if data["phase"] else None,
            "city": data["city"],
            "state": data["state"],
        }
    return filters, selectors.campaign_matrix(request.user, campaign, **kwargs)


@require_safe
@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    return _campaign_page(request, campaign)


def _campaign_page(request, campaign: Campaign, copy_form=None):
    filters, matrix = _matrix(request, campaign)
    phases = list(campaign.phases.all())
    activities = [row["activity"] for row in matrix["rows"]]
    is_admin = _is_admin(request.user, campaign)
    context = {
        "campaign": campaign,
        "phases": phases,
        "matrix": matrix,
        "filters": filters,
        "timeline": timeline(campaign, phases, activities, china_today()),
        "is_admin": is_admin,
        "version_form": VersionForm(initial={"version": campaign.version}),
        "copy_form": copy_form or CopyForm(initial={"year": campaign.year + 1}),
        "events": selectors.campaign_journal(campaign) if is_admin else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@require_safe
@login_required
def campaign_export(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    _filters, matrix = _matrix(request, campaign)
    content = matrix_workbook(campaign, matrix)
    record_export(request, "campaigns.matrix", len(matrix["assignments"]))
    response = FileResponse(
        content,
        as_attachment=True,
        filename=f"campaign-{campaign.year}-{campaign.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


# --- Activities ------------------------------------------------------------------------


def _activity_form(request, campaign: Campaign, activity: Activity | None):
    units = visible_units(request.user, [Role.ADMIN]).select_related("region")
    initial = {}
    if activity is None:
        initial["order"] = campaign.activities.count() + 1
    return ActivityForm(
        request.POST or None, instance=activity, campaign=campaign, units=units, initial=initial
    )


def _save_activity(request, campaign: Campaign, form: ActivityForm, activity=None):
    try:
        if activity is None:
            services.activity_create(
                campaign=campaign,
                user=request.user,
                data=form.service_data(),
                units=list(form.cleaned_data["responsible_units"]),
            )
        else:
            services.activity_update(
                activity=activity,
                user=request.user,
                data=form.service_data(),
                units=list(form.cleaned_data["responsible_units"]),
                version=form.cleaned_data.get("version"),
            )
    except ValidationError as error:
        form.add_error(None, error)
    except services.CampaignError as error:
        form.add_error(None, str(error))
    return not form.errors


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activity_create(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    _require_admin(request.user, campaign)
    form = _activity_form(request, campaign, None)
    if request.method == "POST" and form.is_valid() and _save_activity(request, campaign, form):
        messages.success(request, _("Activity added."))
        return redirect("campaigns:campaign-detail", campaign.pk)
    return render(request, "campaigns/activity_form.html", {"form": form, "campaign": campaign})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activity_edit(request, pk: int):
    activity = get_object_or_404(
        Activity.objects.filter(campaign__in=selectors.campaigns_visible_to(request.user)),
        pk=pk,
        is_summary=False,
    )
    campaign = activity.campaign
    _require_admin(request.user, campaign)
    form = _activity_form(request, campaign, activity)
    if request.method == "POST" and form.is_valid():
        # The form's instance was changed by validation; the service works on a fresh row.
        fresh = Activity.objects.get(pk=activity.pk)
        if _save_activity(request, campaign, form, fresh):
            messages.success(request, _("Activity saved."))
            return redirect("campaigns:campaign-detail", campaign.pk)
    context = {"form": form, "campaign": campaign, "activity": activity}
    return render(request, "campaigns/activity_form.html", context)


# --- Assignments -----------------------------------------------------------------------


@require_safe
@login_required
def my_assignments(request):
    today = china_today()
    rows = selectors.my_assignments(request.user, today=today)
    return render(request, "campaigns/my_assignments.html", {"assignments": rows, "today": today})


def _assignment_context(request, assignment: Assignment, **forms) -> dict:
    user = request.user
    may_file = services.may_file(user, assignment)
    may_accept = services.may_accept(user, assignment)
    published = assignment.activity.campaign.status == CampaignStatus.PUBLISHED
    version = {"version": assignment.version}
    context = {
        "assignment": assignment,
        "activity": assignment.activity,
        "campaign": assignment.activity.campaign,
        "progress_list": list(selectors.assignment_progress(assignment)),
        "events": selectors.assignment_journal(assignment),
        "today": china_today(),
        "may_file": may_file and published and assignment.is_open,
        "may_mark_done": may_file and published and assignment.is_open,
        "may_review": may_accept and published and assignment.state == "done",
        "version_form": VersionForm(initial=version),
    }
    if context["may_file"]:
        context["progress_form"] = forms.get("progress_form") or ProgressForm(
            assignment=assignment,
            items=selectors.linkable_items(assignment),
            initial=version,
        )
        context["kept_evidence"] = forms.get("kept_evidence") or []
    if context["may_review"]:
        context["comment_form"] = forms.get("comment_form") or CommentForm(initial=version)
    return context


def _assignment_url(assignment: Assignment, anchor: str = "") -> str:
    return reverse("campaigns:assignment-detail", args=[assignment.pk]) + anchor


@require_safe
@login_required
def assignment_detail(request, pk: int):
    assignment = selectors.assignment_for_user(request.user, pk)
    return render(
        request, "campaigns/assignment_detail.html", _assignment_context(request, assignment)
    )


@require_POST
@login_required
def progress_file(request, pk: int):
    assignment = selectors.assignment_for_user(request.user, pk)
    if not services.may_file(request.user, assignment):
        raise PermissionDenied
    form = ProgressForm(
        request.POST,
        request.FILES,
        assignment=assignment,
        items=selectors.linkable_items(assignment),
    )
    form.is_valid()
    # Accepted files are stored now, even when another field is wrong, and shown again
    # with the form: the clerk need not choose the photos a second time.
    kept = kept_uploads(
        request.POST.getlist("kept_evidence"), unit=assignment.unit, user=request.user
    )
    evidence = store_uploads(form, "files", unit=assignment.unit, user=request.user, kept=kept)
    if not form.errors:
        try:
            services.progress_file(
                assignment=assignment,
                user=request.user,
                version=form.cleaned_data["version"],
                data=form.service_data(),
                evidence=evidence,
                items=list(form.cleaned_data["items"].select_related("report")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.ConcurrentEdit as error:
            assignment.refresh_from_db()
            context = _assignment_context(request, assignment)
            if not context["may_file"]:
                # Moved on meanwhile (done, accepted, closed): the form is gone, and so
                # are the files stored for it.
                discard_uploads(evidence)
                messages.error(request, str(error))
                return redirect(_assignment_url(assignment))
            # Someone filed meanwhile: show their filing and this one as typed, with its
            # files, ready to file again against what is there now.
            form = _restamped(form, assignment)
            form.add_error(None, STALE_FILING)
        except services.CampaignError as error:
            # The filing cannot be made from this page at all: keep no files for it.
            discard_uploads(evidence)
            messages.error(request, str(error))
            return redirect(_assignment_url(assignment))
        else:
            messages.success(request, _("Progress filed."))
            return redirect(_assignment_url(assignment, "#progress"))
    return render(
        request,
        "campaigns/assignment_detail.html",
        _assignment_context(request, assignment, progress_form=form, kept_evidence=evidence),
    )


STALE_FILING = gettext_lazy(
    "Someone else changed this assignment while you were typing: the page now shows it as "
    "it is. Your filing below was not saved yet; check it and file it again."
)


def _restamped(form: ProgressForm, assignment: Assignment) -> ProgressForm:
    """The same filing as typed, carrying the assignment's present version."""
    data = form.data.copy()
    data["version"] = str(assignment.version)
    restamped = ProgressForm(
        data, assignment=assignment, items=selectors.linkable_items(assignment)
    )
    restamped.is_valid()
    return restamped


def _assignment_page(request, assignment: Assignment, **forms):
    return render(
        request,
        "campaigns/assignment_detail.html",
        _assignment_context(request, assignment, **forms),
    )


def _comment_form_shown(request, assignment: Assignment) -> bool:
    """Whether the page, as it is now, still shows the accept-or-return form."""
    assignment.refresh_from_db()
    return bool(_assignment_context(request, assignment)["may_review"])


def _assignment_action(request, pk: int, action, success: str, *, with_comment=False):
    assignment = selectors.assignment_for_user(request.user, pk)
    form = (CommentForm if with_comment else VersionForm)(request.POST)
    if not form.is_valid():
        if with_comment and _comment_form_shown(request, assignment):
            return _assignment_page(request, assignment, comment_form=form)
        messages.error(request, _("The page was out of date; please try again."))
        return redirect(_assignment_url(assignment))
    kwargs = {
        "assignment": assignment,
        "user": request.user,
        "version": form.cleaned_data["version"],
    }
    if with_comment:
        kwargs["comment"] = form.cleaned_data["comment"]
    try:
        action(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return _assignment_page(request, assignment, comment_form=form)
    except services.CampaignError as error:
        # Most often someone else moved the assignment meanwhile: while the comment form
        # is still on the page, the comment typed stays in it beside the message.
        if with_comment and _comment_form_shown(request, assignment):
            form.add_error(None, str(error))
            return _assignment_page(request, assignment, comment_form=form)
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(_assignment_url(assignment))


@require_POST
@login_required
def assignment_done(request, pk: int):
    assignment = selectors.assignment_for_user(request.user, pk)
    if not services.may_file(request.user, assignment):
        raise PermissionDenied
    return _assignment_action(
        request, pk, services.assignment_mark_done, _("Marked done: the lead unit will check it.")
    )


@require_POST
@login_required
def assignment_accept(request, pk: int):
    assignment = selectors.assignment_for_user(request.user, pk)
    if not services.may_accept(request.user, assignment):
        raise PermissionDenied
    return _assignment_action(
        request, pk, services.assignment_accept, _("Accepted."), with_comment=True
    )


@require_POST
@login_required
def assignment_return(request, pk: int):
    assignment = selectors.assignment_for_user(request.user, pk)
    if not services.may_accept(request.user, assignment):
        raise PermissionDenied
    return _assignment_action(
        request,
        pk,
        services.assignment_return,
        _("Sent back to the unit with your comment."),
        with_comment=True,
    )


@require_safe
@login_required
def evidence_download(request, pk: int, file_id: uuid.UUID):
    """Evidence is served to whoever may see the assignment, the lead unit included."""
    assignment = selectors.assignment_for_user(request.user, pk)
    progress = assignment.progress.filter(evidence__pk=file_id).first()
    if progress is None:
        raise Http404
    attachment = progress.evidence.get(pk=file_id)
    response = FileResponse(
        open_stored(attachment.file),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    record_download(request, attachment, attachment.original_name)
    return response

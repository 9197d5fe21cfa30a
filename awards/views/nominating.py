"""Units: nominating (by hand or from the assessment ranking) and signing off."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import selectors, services
from awards.forms import NominationForm, QualifyForm
from awards.models import NominationStatus, ProgrammeStatus, Takes
from awards.services import AwardError, can_administer
from awards.views._common import report_error
from portal.models import Membership, Role, Unit, User
from portal.scoping import has_role
from submissions.selectors import overview


def _filing_units_or_403(user, programme) -> list[Unit]:
    units = [n.unit for n in selectors.filing_units(user, programme)]
    if not units:
        raise PermissionDenied
    return units


@require_http_methods(["GET", "POST"])
@login_required
def nomination_create(request, pk: int):
    programme = selectors.programme_for_user(request.user, pk)
    units = _filing_units_or_403(request.user, programme)
    form = NominationForm(
        request.POST or None, request.FILES or None, programme=programme, units=units
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_file(
                programme=programme,
                unit=data["unit"],
                user=request.user,
                category=data["category"],
                nominee_name=data["nominee_name"],
                nominee_unit=data["nominee_unit"],
                nominee_region=data["nominee_region"],
                work_title=data["work_title"],
                work_text=data["work_text"],
                deeds=data["deeds"],
                files=data["files"],
            )
        except AwardError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("files", error)
        else:
            messages.success(
                request, _("Nomination filed: it now waits for your approver's sign-off.")
            )
            return redirect("awards:nomination-detail", nomination.pk)
    return render(request, "awards/nomination_form.html", {"programme": programme, "form": form})


@require_safe
@login_required
def nomination_detail(request, pk: int):
    nomination = selectors.nomination_for_user(request.user, pk)
    return _detail_page(request, nomination)


def _qualify_form_shown(user, nomination) -> bool:
    """Whether the nomination's page, as it is now, offers the qualification form."""
    return (
        can_administer(user, nomination.programme)
        and nomination.programme.status == ProgrammeStatus.OPEN
        and nomination.status != NominationStatus.AWAITING_SIGNOFF
        and nomination.tier_id is None
    )


def _detail_page(request, nomination, qualify_form=None):
    programme = nomination.programme
    context = {
        "nomination": nomination,
        "programme": programme,
        "is_admin": can_administer(request.user, programme),
        "may_sign_off": has_role(request.user, Role.APPROVER, nomination.unit),
        "attachments": nomination.attachments.all(),
        "qualify_form": qualify_form or QualifyForm(initial={"version": nomination.version}),
        "events": selectors.nomination_journal(nomination),
    }
    return render(request, "awards/nomination_detail.html", context)


@require_POST
@login_required
def nomination_sign_off(request, pk: int):
    nomination = selectors.nomination_for_user(request.user, pk)
    try:
        services.nomination_sign_off(nomination=nomination, user=request.user)
    except AwardError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Signed off: the nomination has gone to the programme."))
    return redirect("awards:nomination-detail", nomination.pk)


@require_POST
@login_required
def nomination_qualify(request, pk: int):
    nomination = selectors.nomination_for_user(request.user, pk)
    form = QualifyForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_qualify(
                nomination=nomination,
                user=request.user,
                passed=form.cleaned_data["passed"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except AwardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Qualification recorded."))
            return redirect("awards:nomination-detail", nomination.pk)
    # Refused: the page again with the decision and reason as typed, the message in the
    # form; if the page no longer offers the form, the message goes to the page instead.
    nomination = selectors.nomination_for_user(request.user, pk)
    if _qualify_form_shown(request.user, nomination):
        return _detail_page(request, nomination, qualify_form=form)
    for error in form.non_field_errors() or [_("Choose a decision.")]:
        messages.error(request, error)
    return redirect("awards:nomination-detail", nomination.pk)


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= date.today().year + 1 else default


@require_safe
@login_required
def candidates(request, pk: int):
    """The annual assessment's ranking as a source of candidates."""
    programme = selectors.programme_for_user(request.user, pk)
    nominators = selectors.filing_units(request.user, programme)
    if not nominators:
        raise PermissionDenied
    year = _year(request, programme.year)
    categories = list(programme.categories.all())
    context = {
        "programme": programme,
        "year": year,
        "nominators": nominators,
        "units": overview.unit_scores(request.user, year)[:20],
        "people": overview.person_scores(request.user, year)[:20],
        "unit_categories": [c for c in categories if c.takes == Takes.UNIT],
        "person_categories": [c for c in categories if c.takes == Takes.PERSON],
    }
    return render(request, "awards/candidates.html", context)


@require_POST
@login_required
def candidate_nominate(request, pk: int):
    """One click: nominate a unit or person from the ranking with their figures."""
    programme = selectors.programme_for_user(request.user, pk)
    nominators = {n.unit.pk: n.unit for n in selectors.filing_units(request.user, programme)}
    if not nominators:
        raise PermissionDenied
    try:
        unit = nominators[int(request.POST["unit"])]
        category = programme.categories.get(pk=int(request.POST["category"]))
        year = int(request.POST["year"])
        target = int(request.POST["target"])
        kind = request.POST["kind"]
    except (KeyError, ValueError, programme.categories.model.DoesNotExist) as error:
        raise Http404 from error
    if not 2000 <= year <= date.today().year + 1:
        raise Http404  # the candidates page offers no other year
    back = f"{request.path.removesuffix('nominate/')}?year={year}"
    fields: dict = {}
    if kind == "unit":
        score = next(
            (s for s in overview.unit_scores(request.user, year) if s.unit.pk == target), None
        )
        if score is None:
            raise Http404
        fields = {"nominee_name": score.unit.name, "nominee_unit": score.unit}
        figures = {
            "year": year,
            "rank": score.rank,
            "points": str(score.points),
            "adopted": score.adopted,
        }
    elif kind == "person":
        score = next(
            (s for s in overview.person_scores(request.user, year) if s.user_id == target), None
        )
        if score is None:
            raise Http404
        person = User.objects.get(pk=target)
        membership = (
            Membership.objects.filter(user=person, unit__name=score.unit_name)
            .select_related("unit")
            .first()
        )
        fields = {
            "nominee_name": score.name,
            "nominee_user": person,
            "nominee_unit": membership.unit if membership else None,
        }
        figures = {
            "year": year,
            "rank": score.rank,
            "points": str(score.points),
            "adopted": score.adopted,
        }
    else:
        raise Http404
    try:
        nomination = services.nomination_file(
            programme=programme,
            unit=unit,
            user=request.user,
            category=category,
            figures=figures,
            deeds=_(
                "Proposed by the %(year)s annual assessment: rank %(rank)s, "
                "%(points)s points from %(adopted)s adopted items."
            )
            % figures,
            **fields,
        )
    except AwardError as error:
        report_error(request, error)
        return redirect(back)
    messages.success(request, _("Nomination filed: it now waits for your approver's sign-off."))
    return redirect("awards:nomination-detail", nomination.pk)

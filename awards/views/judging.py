"""Judges score; administrators rank and assign tiers."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from awards import selectors, services
from awards.models import ProgrammeStatus, Takes, Tier
from awards.services import AwardError
from awards.views._common import programme_for_admin, report_error


@require_safe
@login_required
def judging(request, pk: int):
    programme = selectors.programme_for_user(request.user, pk)
    if selectors.judge_of(request.user, programme) is None:
        raise PermissionDenied
    return _judging_page(request, programme)


def _judging_page(request, programme, *, refused=None):
    """The judge's page. `refused` is (nomination id, the values as typed, the message)
    for a save that was refused: that nomination's form shows them again with the message."""
    criteria = list(programme.criteria.all())
    rows = selectors.judging_rows(request.user, programme)
    for row in rows:
        typed = refused is not None and row.nomination.pk == refused[0]
        values = refused[1] if typed else row.values
        row.cells = [(c, values.get(c.pk, "")) for c in criteria]
        row.error = refused[2] if typed else ""
        row.anonymous = programme.anonymous_judging and row.nomination.category.takes == Takes.WORK
    if refused is not None and not any(row.error for row in rows):
        messages.error(request, refused[2])  # the nomination is no longer on the page
    context = {
        "programme": programme,
        "criteria": criteria,
        "rows": rows,
        "scored": sum(row.scored for row in rows),
    }
    return render(request, "awards/judging.html", context)


@require_POST
@login_required
def score(request, pk: int):
    # A nomination from the judge's own unit is a 404: the judge never sees it.
    nomination = selectors.nomination_for_judge(request.user, pk)
    programme = nomination.programme
    criteria = list(programme.criteria.all())
    typed = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
    values = {}
    try:
        for criterion in criteria:
            values[criterion.pk] = Decimal(request.POST[f"c{criterion.pk}"])
            if not values[criterion.pk].is_finite():
                # NaN and Infinity parse, but compare with nothing.
                raise InvalidOperation
    except (KeyError, InvalidOperation):
        # The judging page again, what was typed kept beside the message.
        message = _("Score every criterion from 0 to 100.")
        return _judging_page(request, programme, refused=(pk, typed, message))
    try:
        services.score_record(nomination=nomination, user=request.user, values=values)
    except AwardError as error:
        programme.refresh_from_db()
        if programme.status == ProgrammeStatus.OPEN:
            return _judging_page(request, programme, refused=(pk, typed, str(error)))
        report_error(request, error)
    else:
        messages.success(request, _("Scores saved."))
    return redirect(f"{reverse('awards:judging', args=[programme.pk])}#n{pk}")


@require_safe
@login_required
def ranking(request, pk: int):
    programme = programme_for_admin(request.user, pk)
    context = {"programme": programme, "categories": selectors.ranking(programme)}
    return render(request, "awards/ranking.html", context)


@require_POST
@login_required
def tier_assign(request, pk: int):
    nomination = selectors.nomination_for_user(request.user, pk)
    programme = nomination.programme
    programme_for_admin(request.user, programme.pk)
    tier = None
    if request.POST.get("tier"):
        try:
            tier = Tier.objects.get(pk=int(request.POST["tier"]), category=nomination.category)
        except (ValueError, Tier.DoesNotExist) as error:
            raise Http404 from error
    try:
        version = int(request.POST["version"]) if request.POST.get("version") else None
    except ValueError:
        version = -1  # a mangled page: refused as out of date
    try:
        services.tier_assign(nomination=nomination, user=request.user, tier=tier, version=version)
    except AwardError as error:
        report_error(request, error)
    return redirect(f"{reverse('awards:ranking', args=[programme.pk])}#c{nomination.category_id}")

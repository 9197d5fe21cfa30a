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
from awards.models import Takes, Tier
from awards.services import AwardError
from awards.views._common import programme_for_admin, report_error


@require_safe
@login_required
def judging(request, pk: int):
    programme = selectors.programme_for_user(request.user, pk)
    if selectors.judge_of(request.user, programme) is None:
        raise PermissionDenied
    criteria = list(programme.criteria.all())
    rows = selectors.judging_rows(request.user, programme)
    for row in rows:
        row.cells = [(c, row.values.get(c.pk, "")) for c in criteria]
        row.anonymous = programme.anonymous_judging and row.nomination.category.takes == Takes.WORK
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
    values = {}
    try:
        for criterion in programme.criteria.all():
            values[criterion.pk] = Decimal(request.POST[f"c{criterion.pk}"])
            if not values[criterion.pk].is_finite():
                # NaN and Infinity parse, but compare with nothing.
                raise InvalidOperation
    except (KeyError, InvalidOperation):
        messages.error(request, _("Score every criterion from 0 to 100."))
        return redirect("awards:judging", programme.pk)
    try:
        services.score_record(nomination=nomination, user=request.user, values=values)
    except AwardError as error:
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
        services.tier_assign(nomination=nomination, user=request.user, tier=tier)
    except AwardError as error:
        report_error(request, error)
    return redirect(f"{reverse('awards:ranking', args=[programme.pk])}#c{nomination.category_id}")

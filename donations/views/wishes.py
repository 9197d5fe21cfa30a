"""Micro-wishes: the helping unit records and vets, a caring person lights one up, the
unit records it fulfilled. Outside the unit a household is a surname and a village."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations import access, selectors, services
from donations.forms import FulfilForm, WishForm
from donations.models import Wish, WishStatus
from donations.views.refusals import add_validation_error, claim_kept, refused, store_file
from portal.files import discard_uploads
from portal.models import Region, RegionLevel, Role
from portal.scoping import has_role
from portal.views.account import client_ip


def _wish_list_page(request, *, refused_wish=None, fulfil_form=None, shown=None):
    """The wish list; with the fulfilment form of one wish as refused, what was typed
    and the photo kept in it (every other claimed wish gets an empty form); with `shown`
    (wish pk, field, value) one phone or ID number in full, everything else masked."""
    units = selectors.wish_units(request.user)
    wishes = list(selectors.wishes_for(request.user).order_by("status", "deadline"))
    for wish in wishes:
        # Whose phone and ID numbers the person may ask to see in full; the one shown.
        wish.may_show_personal = access.may_see_personal_data(request.user, wish)
        wish.may_call_claimant = access.may_call_claimant(request.user, wish)
        wish.shown = {shown[1]: shown[2]} if shown and shown[0] == wish.pk else {}
    context = {
        "wishes": wishes,
        "rates": selectors.docking_rates(units),
        "can_record": any(has_role(request.user, Role.REPORTER, u) for u in units),
        "fulfil_form": FulfilForm(),
        "refused_wish": refused_wish,
        "refused_fulfil_form": fulfil_form,
        "approver_unit_ids": {u.pk for u in units if has_role(request.user, Role.APPROVER, u)},
        "reporter_unit_ids": {u.pk for u in units if has_role(request.user, Role.REPORTER, u)},
    }
    return render(request, "donations/staff/wish_list.html", context)


@require_safe
@login_required
def wish_list(request):
    return _wish_list_page(request)


@require_http_methods(["GET", "POST"])
@login_required
def wish_create(request):
    units = selectors.wish_units(request.user).filter(
        pk__in=[
            u.pk
            for u in selectors.wish_units(request.user)
            if has_role(request.user, Role.REPORTER, u)
        ]
    )
    if not units.exists():
        raise PermissionDenied
    villages = Region.objects.none()
    for unit in units:
        # A helping unit in a county helps households in that county's villages.
        villages |= Region.objects.filter(path__startswith=unit.region.path)
    villages = villages.filter(level=RegionLevel.VILLAGE, is_active=True).order_by("path")
    form = WishForm(request.POST or None, units=units, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            services.wish_record(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The wish is recorded and waits for the unit's vetting."))
            return redirect("donations:wish-list")
    return render(request, "donations/staff/wish_form.html", {"form": form})


@require_POST
@login_required
def wish_vet(request, pk: int):
    wish = selectors.wish_for(request.user, pk)
    if not has_role(request.user, Role.APPROVER, wish.unit):
        raise PermissionDenied
    publish = request.POST.get("decision") != "withdraw"
    try:
        services.wish_vet(user=request.user, wish=wish, publish=publish)
    except services.DonationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The wish is published.") if publish else _("The wish is withdrawn.")
        )
    return redirect("donations:wish-list")


@require_POST
@login_required
def wish_fulfil(request, pk: int):
    wish = selectors.wish_for(request.user, pk)
    if not has_role(request.user, Role.REPORTER, wish.unit):
        raise PermissionDenied
    if wish.status != WishStatus.CLAIMED:
        # The list offers no form for it now: store no photo for it.
        messages.error(request, _("Only a claimed wish can be fulfilled."))
        return redirect("donations:wish-list")
    form = FulfilForm(
        request.POST, request.FILES, kept=claim_kept(request, "photo", unit=wish.unit)
    )
    form.is_valid()
    # Stored now, even when the date is wrong: kept for the next try.
    photo = store_file(request, form, unit=wish.unit)
    if not form.errors:
        try:
            services.wish_fulfil(
                user=request.user,
                wish=wish,
                photo=photo[0],
                household_confirmed_on=form.cleaned_data["household_confirmed_on"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except services.DonationError as error:
            wish.refresh_from_db()
            if wish.status != WishStatus.CLAIMED:
                # No longer claimed: the list offers no form for it; keep no photo.
                discard_uploads(photo)
                messages.error(request, str(error))
                return redirect("donations:wish-list")
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The wish is recorded as fulfilled."))
            return redirect("donations:wish-list")
    refused(request)
    return _wish_list_page(request, refused_wish=wish.pk, fulfil_form=form)


@require_POST
@login_required
def wish_personal_data(request, pk: int):
    """Show one phone or ID number of a wish in full, on the list, and journal it."""
    wish = selectors.wish_for(request.user, pk)
    field = request.POST.get("field", "")
    value = services.personal_data_disclose(
        user=request.user, target=wish, field=field, address=client_ip(request)
    )
    return _wish_list_page(request, shown=(wish.pk, field, value))


@require_POST
@login_required
def wish_claim(request, pk: int):
    """Any signed-in person (爱心人士) may light up a published wish."""
    wish = get_object_or_404(Wish, pk=pk, status__in=[WishStatus.PUBLISHED, WishStatus.CLAIMED])
    try:
        services.wish_claim(user=request.user, wish=wish)
    except services.DonationError as error:
        messages.error(request, str(error))
        return redirect("donations:public-wishes")
    messages.success(
        request, _("Thank you: the wish is yours to fulfil. The helping unit will contact you.")
    )
    return redirect("donations:my-claims")


@require_safe
@login_required
def my_claims(request):
    wishes = selectors.my_claims(request.user)
    return render(request, "donations/staff/my_claims.html", {"wishes": wishes})

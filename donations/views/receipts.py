"""Receipts: cash and goods received against a confirmed pledge, and the goods the
village's township confirms with their valuation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from donations import access, selectors, services
from donations.forms import CashReceiptForm, GoodsReceiptForm
from donations.models import GiftKind, PledgeStatus
from donations.views.pledges import (
    gone,
    managed_pledge,
    pledge_page,
    still_confirmed,
    valuation_places,
)
from donations.views.refusals import add_validation_error, claim_kept, refused, store_file


@require_POST
@login_required
def receipt_create(request, pk: int):
    pledge = managed_pledge(request, pk)
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
        form = GoodsReceiptForm(
            request.POST, request.FILES, places=valuation_places(pledge), kept=kept
        )
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
            if not still_confirmed(pledge):
                return gone(request, pledge, error, certificate)
            # On an open pledge of its kind, what is refused is the amount (more than
            # is outstanding): the places offered are those the service accepts.
            form.add_error("amount", str(error))
        else:
            messages.success(request, _("The receipt has been recorded."))
            return redirect("donations:pledge-detail", pledge.pk)
    refused(request)
    return pledge_page(request, pledge, **{name: form})


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

"""The public notice, objections, the final decision and its documents."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from awards import documents, selectors, services
from awards.forms import FinaliseForm, ObjectionForm, SettleForm
from awards.models import AwardDocument, Certificate, Objection, ProgrammeStatus
from awards.services import AwardError, can_administer
from awards.views._common import programme_for_admin, report_error
from portal.forms import HONEYPOT_REFUSED
from portal.security_events import record_export
from portal.views.account import client_ip
from portal.views.documents import DocumentPages

# Objections are open to anyone: a few per address and hour keeps the list readable.
OBJECTIONS_PER_HOUR = getattr(settings, "AWARDS_OBJECTIONS_PER_HOUR", 5)


@require_POST
@login_required
def notice_publish(request, pk: int):
    programme = programme_for_admin(request.user, pk)
    try:
        services.notice_publish(programme=programme, user=request.user)
    except AwardError as error:
        report_error(request, error)
    else:
        messages.success(request, _("The proposed list is on public notice."))
    return redirect("awards:programme-detail", programme.pk)


def _notice_context(programme, form):
    winners = list(selectors.winners(programme))
    return {
        "programme": programme,
        "groups": documents._by_category_and_tier(winners),
        "form": form,
        "open": programme.status == ProgrammeStatus.NOTICE
        and timezone.localdate() <= programme.notice_ends,
    }


@require_safe
def notice(request, pk: int):
    """Public: the proposed (or final) winners, and the objection form. No sign-in."""
    programme = selectors.public_programme(pk)
    form = ObjectionForm(winners=selectors.winners(programme))
    return render(request, "awards/notice.html", _notice_context(programme, form))


def _rate_limited(request) -> bool:
    key = f"awards:objections:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > OBJECTIONS_PER_HOUR


@require_POST
def objection_lodge(request, pk: int):
    programme = selectors.public_programme(pk)
    winners = list(selectors.winners(programme))
    form = ObjectionForm(request.POST, winners=winners)
    if _rate_limited(request):
        return render(
            request,
            "awards/notice.html",
            {**_notice_context(programme, form), "rate_limited": True},
            status=429,
        )
    if form.is_bot:
        form.add_error(None, HONEYPOT_REFUSED)
    elif form.is_valid():
        data = form.cleaned_data
        nomination = next((w for w in winners if w.pk == data["nomination"]), None)
        try:
            services.objection_lodge(
                programme=programme,
                nomination=nomination,
                text=data["text"],
                contact=data["contact"],
            )
        except AwardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your objection has been received. We will contact you."))
            return redirect("awards:notice", programme.pk)
    return render(request, "awards/notice.html", _notice_context(programme, form), status=400)


@require_safe
@login_required
def objections(request, pk: int):
    programme = programme_for_admin(request.user, pk)
    return _objections_page(request, programme)


def _objections_page(request, programme, finalise_form=None):
    context = {
        "programme": programme,
        "objections": selectors.objections_of(programme),
        "settle_form": SettleForm(),
        "finalise_form": finalise_form or FinaliseForm(),
        "today": timezone.localdate(),
    }
    return render(request, "awards/objections.html", context)


@require_POST
@login_required
def objection_settle(request, pk: int):
    objection = get_object_or_404(Objection.objects.select_related("programme"), pk=pk)
    programme = programme_for_admin(request.user, objection.programme_id)
    form = SettleForm(request.POST)
    if form.is_valid():
        try:
            services.objection_settle(
                objection=objection, user=request.user, settlement=form.cleaned_data["settlement"]
            )
        except AwardError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Settlement recorded."))
    else:
        messages.error(request, _("Record how the objection was settled."))
    return redirect("awards:objections", programme.pk)


@require_POST
@login_required
def programme_finalise(request, pk: int):
    programme = programme_for_admin(request.user, pk)
    form = FinaliseForm(request.POST)
    form.is_valid()
    try:
        services.programme_finalise(
            programme=programme,
            user=request.user,
            circular_number=form.cleaned_data.get("circular_number", ""),
        )
    except AwardError as error:
        programme.refresh_from_db()
        if programme.status == ProgrammeStatus.NOTICE and form.cleaned_data.get("circular_number"):
            # Still on notice (an objection open, the notice not over): the page again
            # with the circular number as typed and the reason in the form.
            form.add_error(None, str(error))
            return _objections_page(request, programme, finalise_form=form)
        report_error(request, error)
        return redirect("awards:objections", programme.pk)
    messages.success(request, _("The list is final: the circular and certificates are issued."))
    return redirect("awards:programme-detail", programme.pk)


def _final_programme_for_admin(user, pk):
    programme = programme_for_admin(user, pk)
    if programme.status != ProgrammeStatus.FINAL:
        raise Http404
    return programme


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@login_required
def circular(request, pk: int):
    """The circular's PDF, or the page that waits for it the first time."""
    programme = _final_programme_for_admin(request.user, pk)
    return document_pages.served_or_waiting(
        request, documents.circular_document(programme, request.user)
    )


@require_safe
@login_required
def winners_xlsx(request, pk: int):
    programme = _final_programme_for_admin(request.user, pk)
    record_export(request, "awards.winners")
    return _download(
        documents.winners_xlsx(programme),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"winners-{programme.year}-{programme.pk}.xlsx",
    )


@require_safe
@login_required
def certificate(request, serial: str):
    """The winner's certificate: for the programme's administrators and the unit that
    nominated the winner."""
    cert = get_object_or_404(
        Certificate.objects.select_related(
            "nomination__programme__organiser__region", "nomination__tier", "nomination__category"
        ),
        serial=serial,
    )
    # Visible to whoever may see the nomination (404 otherwise).
    selectors.nomination_for_user(request.user, cert.nomination_id)
    return document_pages.served_or_waiting(
        request, documents.certificate_document(cert, request.user)
    )


def _document_for_user(user, pk: int) -> AwardDocument:
    """A circular for the programme's administrators; a certificate also for whoever may
    see the winner's nomination; 404 for everyone else."""
    document = get_object_or_404(AwardDocument.objects.select_related("certificate"), pk=pk)
    if document.certificate_id:
        selectors.nomination_for_user(user, document.certificate.nomination_id)
    else:
        programme = selectors.programme_for_user(user, document.programme_id)
        if not can_administer(user, programme):
            raise Http404
    return document


document_pages = DocumentPages(
    app_name="awards",
    find=_document_for_user,
    back=lambda document: (
        reverse("awards:nomination-detail", args=[document.certificate.nomination_id])
        if document.certificate_id
        else reverse("awards:programme-detail", args=[document.programme_id])
    ),
)


@require_safe
def verify(request, token):
    """Public: confirms a certificate is genuine (what its QR code opens)."""
    cert = selectors.certificate_by_token(token)
    return render(
        request, "awards/verify.html", {"certificate": cert, "nomination": cert.nomination}
    )

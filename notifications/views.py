"""The inbox behind the bell, and the completeness page's remind buttons."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from notifications import selectors, services
from notifications.forms import RemindForm
from notifications.models import Notification
from portal import clock
from submissions.selectors.overview import has_overseer_role, overseen_reporting_units

PAGE_SIZE = 30


@require_safe
@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at=None).update(read_at=timezone.now())
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at=None).update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@require_POST
@login_required
def email_reminders(request):
    """Turn one's email reminders on or off; the portal reminders stay either way."""
    enabled = request.POST.get("enabled") == "1"
    services.email_reminders_set(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("Reminders will also come by email."))
    else:
        messages.success(request, _("Reminders will no longer come by email, only here."))
    return redirect("notifications:list")


@require_POST
@login_required
def remind_units(request):
    """Remind one unit, or every unit still missing, of a quarter's report, now."""
    if not has_overseer_role(request.user):
        raise PermissionDenied
    form = RemindForm(request.POST)
    if not form.is_valid():
        raise Http404
    year, quarter, unit_id = (form.cleaned_data[k] for k in ("year", "quarter", "unit"))
    units = overseen_reporting_units(request.user).select_related("region")
    if unit_id is not None:
        units = units.filter(pk=unit_id)
        if not units:
            raise Http404
    today = clock.china_today()
    reminded, made = services.reminders_send_for_quarter(
        user=request.user, units=list(units), year=year, quarter=quarter, today=today
    )
    if made:
        messages.success(
            request,
            _("Reminded %(units)s unit(s): %(people)s reminder(s) sent.")
            % {"units": reminded, "people": made},
        )
    else:
        messages.info(request, _("Nobody to remind: the units have filed or were reminded today."))
    query = urlencode({"year": year, "quarter": quarter})
    return redirect(f"{reverse('submissions:completeness')}?{query}")

"""The inbox behind the bell."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from notifications import selectors, services
from notifications.models import Notification

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

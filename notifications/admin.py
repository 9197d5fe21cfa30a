from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import services
from notifications.models import EmailStatus, Notification, Reminder, ReminderRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "recipient__username", "recipient__full_name"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]


class FailedMailFilter(admin.SimpleListFilter):
    title = _("mail")
    parameter_name = "mail"

    def lookups(self, request, model_admin):
        return [("failed", _("Failed")), ("waiting", _("Waiting or being mailed"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(email_status=EmailStatus.FAILED)
        if self.value() == "waiting":
            return queryset.filter(email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING])
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Failed mail is listed with ?mail=failed; the reminder itself is in the portal."""

    list_display = [
        "created_at",
        "person",
        "subject_type",
        "subject_id",
        "deadline",
        "step",
        "email_status",
        "email_attempts",
        "email_error",
    ]
    list_filter = [FailedMailFilter, "email_status", "subject_type", "deadline"]
    search_fields = ["person__username", "person__full_name", "subject_id", "email_error"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "unit", "sent_by", "notification"]
    actions = ["retry_mail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mail the failed reminders again"))
    def retry_mail(self, request, queryset):
        count = services.reminder_email_retry(
            reminder_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext("%d reminder queued for mailing.", "%d reminders queued for mailing.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at", "working_day", "planned", "created"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

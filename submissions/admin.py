from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from portal.scoping import scope_for
from submissions import services
from submissions.models import DeadlineExtension, Report, ScoringRule, ScoringYear


class ScoringRuleInline(admin.TabularInline):
    model = ScoringRule
    extra = 0


@admin.register(ScoringYear)
class ScoringYearAdmin(SimpleHistoryAdmin):
    list_display = ("year", "lead_story_multiplier", "endorsement_bonus")
    inlines = [ScoringRuleInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = ("year", "quarter", "unit", "due_date", "reason", "granted_by", "granted_at")
    list_filter = ("year", "quarter")
    autocomplete_fields = ("unit",)
    exclude = ("granted_by",)

    def get_queryset(self, request):
        scope = scope_for(request.user)
        qs = super().get_queryset(request).select_related("unit", "granted_by")
        if scope.everything:
            return qs
        return qs.filter(Q(unit=None) | scope.units_q(prefix="unit__"))

    def save_model(self, request, obj, form, change):
        # Through the service, so reports not yet submitted take the new deadline too.
        try:
            saved = services.deadline_extend(
                year=obj.year,
                quarter=obj.quarter,
                unit=obj.unit,
                due_date=obj.due_date,
                reason=obj.reason,
                user=request.user,
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
            return
        obj.pk = saved.pk


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """Read-only: reports change only through the portal's filing and review pages."""

    list_display = ("unit", "year", "quarter", "status", "submitted_at", "is_late")
    list_filter = ("year", "quarter", "status", "is_late")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(scope_for(request.user).units_q(prefix="unit__"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

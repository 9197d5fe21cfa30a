"""The Django admin for award records (the administrators' own pages are in views/)."""

from django.contrib import admin

from awards.models import (
    Category,
    Certificate,
    Criterion,
    Judge,
    Nomination,
    Nominator,
    Objection,
    Programme,
    Tier,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class NominatorInline(admin.TabularInline):
    model = Nominator
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "organiser", "kind", "status", "nomination_closes"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["title", "basis_document"]
    inlines = [CategoryInline, CriterionInline, NominatorInline]
    readonly_fields = ["status", "notice_starts", "notice_ends", "finalised_at", "version"]


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ["category", "name", "quota", "position"]
    list_filter = ["category__programme"]


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["programme", "user"]
    filter_horizontal = ["categories"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    # Read-only: nominations change through the services (sign-off, qualification, tiers).
    list_display = ["programme", "category", "nominee_name", "unit", "status", "tier"]
    list_filter = ["programme", "status"]
    search_fields = ["nominee_name", "work_title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["programme", "lodged_at", "contact", "settled_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["serial", "nomination", "issued_at"]
    search_fields = ["serial"]

    def has_change_permission(self, request, obj=None):
        return False

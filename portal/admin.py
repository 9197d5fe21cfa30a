from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.widgets import ForeignKeyWidget
from simple_history.admin import SimpleHistoryAdmin

from portal.models import Attachment, Membership, Region, Unit, User
from portal.scoping import scope_for

admin.site.site_header = _("Poverty Alleviation Publicity Portal")
admin.site.site_title = _("Publicity Portal administration")
admin.site.index_title = _("Regions, units and people")


class RegionResource(resources.ModelResource):
    """Columns of the bulk-load sheet: code, name, level, parent_code. Parents come first."""

    parent = fields.Field(
        column_name="parent_code", attribute="parent", widget=ForeignKeyWidget(Region, "code")
    )

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True


class UnitResource(resources.ModelResource):
    """Columns: name, kind, region_code. A unit is matched by its name within its region."""

    region = fields.Field(
        column_name="region_code", attribute="region", widget=ForeignKeyWidget(Region, "code")
    )

    class Meta:
        model = Unit
        fields = ("name", "kind", "region", "address", "phone")
        import_id_fields = ("region", "name")
        skip_unchanged = True
        clean_model_instances = True


class ScopedAdminMixin:
    """Administrators below the province see and change only their own subtree."""

    scope_prefix = ""  # path from the model to Unit, e.g. "unit__"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(scope_for(request.user).units_q(prefix=self.scope_prefix))


@admin.register(Region)
class RegionAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [RegionResource]
    formats = [CSV, XLSX]
    list_display = ("indented_name", "code", "level")
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_per_page = 100

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(scope_for(request.user).regions_q())

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, region):
        return "\u3000" * region.depth + region.name


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [UnitResource]
    formats = [CSV, XLSX]
    list_display = ("name", "kind", "region", "is_active")
    list_filter = ("kind", "is_active", "region__level")
    search_fields = ("name", "region__name", "region__code")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(User)
class PortalUserAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scope_for(request.user)
        if scope.everything:
            return qs
        # People with a membership in scope, and people with none yet (just created).
        in_scope = Membership.objects.filter(scope.units_q(prefix="unit__")).values("user_id")
        return qs.filter(is_superuser=False).filter(pk__in=in_scope) | qs.filter(
            is_superuser=False, memberships=None
        )


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_prefix = "unit__"
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_prefix = "unit__"
    list_display = ("original_name", "unit", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = [f.name for f in Attachment._meta.fields]
    list_select_related = ("unit", "uploaded_by")

    def has_add_permission(self, request):
        return False

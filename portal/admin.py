from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import CharWidget, ForeignKeyWidget
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_forms import (
    MembershipAdminForm,
    MembershipInlineFormSet,
    PersonChangeForm,
    PersonCreationForm,
)
from portal.identity import with_phone
from portal.models import Attachment, JournalEntry, Membership, Region, Role, Unit, User
from portal.scoping import Scope, scope_for
from portal.spreadsheets import SafeCSV, SafeXLSX
from portal.two_factor_admin import TwoFactorResetMixin


def admin_scope(user) -> Scope:
    """What an administrator manages: the subtree of the units where they hold Role.ADMIN."""
    return scope_for(user, [Role.ADMIN])


def _region_in_scope(scope: Scope, region: Region | None) -> bool:
    if scope.everything:
        return True
    return region is not None and any(region.path.startswith(p) for p in scope.region_paths)


class BlankAsNoneWidget(CharWidget):
    """An empty cell means "no code": stored as NULL, so many code-less rows may coexist."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return (value.strip() or None) if value else None


class RegionCodeWidget(ForeignKeyWidget):
    """A region looked up by its code, with an error that names the code a person typed."""

    def __init__(self, **kwargs):
        super().__init__(Region, "code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Region.DoesNotExist:
            raise ValueError(_("No region has the code %(code)s.") % {"code": value}) from None


class ScopedResource(resources.ModelResource):
    """Rows may only create or change what the importing administrator manages.

    The region a row is placed in is checked as it is after the row is applied, and,
    for an existing row, as it was before: nobody moves a unit in or out of another
    administrator's area through a spreadsheet.
    """

    def before_import(self, dataset, **kwargs):
        user = kwargs.get("user")
        self._scope = admin_scope(user) if user is not None else Scope(True, frozenset(), ())

    def placed_in(self, instance) -> Region | None:
        raise NotImplementedError

    def import_instance(self, instance, row, **kwargs):
        instance._placed_before = self.placed_in(instance) if instance.pk else None
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        scope = getattr(self, "_scope", Scope(True, frozenset(), ()))
        before = getattr(instance, "_placed_before", None)
        outside = instance.pk and not _region_in_scope(scope, before)
        after = self.placed_in(instance)
        if outside or (after != before and not _region_in_scope(scope, after)):
            errors[self.scope_field] = ValidationError(
                _("This row is outside the area you administer."), code="out_of_scope"
            )
        super().validate_instance(instance, errors, validate_unique)


admin.site.site_header = _("Poverty Alleviation Publicity Portal")
admin.site.site_title = _("Publicity Portal administration")
admin.site.index_title = _("Regions, units and people")


class RegionResource(ScopedResource):
    """Columns of the bulk-load sheet: code, name, level, parent_code. Parents come first.

    A row with a code is matched by its code; townships and villages have none, and are
    matched by name under their parent.
    """

    code = fields.Field(column_name="code", attribute="code", widget=BlankAsNoneWidget())
    parent = fields.Field(column_name="parent_code", attribute="parent", widget=RegionCodeWidget())
    scope_field = "parent"

    def placed_in(self, instance):
        # A region is placed by its parent; an existing region is its own place.
        if instance.pk and instance.parent_id == getattr(instance, "_parent_before", None):
            return instance
        return instance.parent if instance.parent_id else None

    def import_instance(self, instance, row, **kwargs):
        instance._parent_before = instance.parent_id
        super().import_instance(instance, row, **kwargs)

    def get_instance(self, instance_loader, row):
        code = self.fields["code"].clean(row)
        if code:
            return Region.objects.filter(code=code).first()
        parent = self.fields["parent"].clean(row)
        name = (row.get("name") or "").strip()
        return Region.objects.filter(code=None, name=name, parent=parent).first()

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True


class UnitResource(ScopedResource):
    """Columns: name, kind, region_code. A unit is matched by its name within its region."""

    region = fields.Field(column_name="region_code", attribute="region", widget=RegionCodeWidget())
    scope_field = "region"

    def placed_in(self, instance):
        return instance.region if instance.region_id else None

    class Meta:
        model = Unit
        fields = ("name", "kind", "region", "address", "phone")
        import_id_fields = ("region", "name")
        skip_unchanged = True
        clean_model_instances = True


class ScopedAdminMixin:
    """Administrators below the province see and change only their own subtree, and may
    only pick regions and units from it."""

    scope_prefix = ""  # path from the model to Unit, e.g. "unit__"

    def scope_q(self, scope: Scope):
        return scope.units_q(prefix=self.scope_prefix)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(self.scope_q(admin_scope(request.user)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = admin_scope(request.user)
        if db_field.related_model is Region:
            kwargs["queryset"] = Region.objects.filter(scope.regions_q())
        elif db_field.related_model is Unit:
            kwargs["queryset"] = Unit.objects.filter(scope.units_q())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages look rows up without the admin's queryset, so an administrator
    could read, and revert, the history of another city's unit. Here the row must be one the
    administrator can open; the history of deleted rows is for superusers."""

    def _check_in_scope(self, request, object_id):
        if request.user.is_superuser:
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedImportMixin:
    """Importing writes rows, so it needs the add and change permissions."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)


@admin.register(Region)
class RegionAdmin(ScopedImportMixin, ScopedAdminMixin, ImportExportModelAdmin, ScopedHistoryAdmin):
    resource_classes = [RegionResource]
    formats = [SafeCSV, SafeXLSX]
    list_display = ("indented_name", "code", "level", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_per_page = 100

    def scope_q(self, scope: Scope):
        return scope.regions_q()

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, region):
        return "\u3000" * region.depth + region.name


@admin.register(Unit)
class UnitAdmin(ScopedImportMixin, ScopedAdminMixin, ImportExportModelAdmin, ScopedHistoryAdmin):
    resource_classes = [UnitResource]
    formats = [SafeCSV, SafeXLSX]
    list_display = ("name", "kind", "region", "is_active")
    list_filter = ("kind", "is_active", "region__level")
    search_fields = ("name", "region__name", "region__code")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


class MembershipInline(ScopedAdminMixin, admin.TabularInline):
    """On a person's page, only their memberships in units the administrator manages."""

    model = Membership
    formset = MembershipInlineFormSet
    scope_prefix = "unit__"
    extra = 1
    autocomplete_fields = ("unit",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.acting_user = request.user  # a fresh class per request
        return formset


@admin.register(User)
class PortalUserAdmin(TwoFactorResetMixin, UserAdmin, ScopedHistoryAdmin):
    inlines = [MembershipInline]
    form = PersonChangeForm  # one identity per person: phone and email checked
    add_form = PersonCreationForm
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    # The phone is encrypted: found only when typed whole, through its blind index (below).
    search_fields = ("username", "full_name", "email")
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

    # Only a superuser hands out admin access or permissions; an administrator who could
    # tick these boxes could make themselves (or anyone) all-powerful.
    privilege_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.privilege_fields)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(with_phone(search_term))
        return found, may_have_duplicates

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = admin_scope(request.user)
        if scope.everything:
            return qs
        # People with a membership in scope, and people with none yet (just created).
        in_scope = Membership.objects.filter(scope.units_q(prefix="unit__")).values("user_id")
        has_any = Membership.objects.filter(user=OuterRef("pk"))
        # Subqueries rather than a join, so that a person with several memberships is one row.
        return qs.filter(Q(pk__in=in_scope) | ~Exists(has_any), is_superuser=False)


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, ScopedHistoryAdmin):
    scope_prefix = "unit__"
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
    form = MembershipAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.acting_user = request.user  # a fresh class per request
        return form


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_prefix = "unit__"
    list_display = ("original_name", "unit", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = [f.name for f in Attachment._meta.fields]
    list_select_related = ("unit", "uploaded_by")

    def has_add_permission(self, request):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only, written by the services alone."""

    list_display = ["at", "action", "actor", "content_type", "object_id"]
    list_filter = ["content_type"]
    search_fields = ["action"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

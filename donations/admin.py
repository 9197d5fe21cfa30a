"""Donations in the admin: read-only. Every change goes through donations.services, which
keeps the ledger and the journal; the admin is for looking things up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from donations.models import Certificate, Drive, LedgerEntry, Pledge, Project, Receipt, Wish
from portal.templatetags.personal_data import masked_id, masked_phone


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "village", "category", "budget", "status", "claim_deadline"]
    list_filter = ["status", "category"]
    search_fields = ["title"]


@admin.register(Drive)
class DriveAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "period_start", "period_end", "donors_disclosed_at"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["donor_name", "donor_type", "kind", "amount", "designation", "status"]
    list_filter = ["status", "donor_type", "kind", "designation"]
    search_fields = ["donor_name"]
    # Phone numbers are shown in full only on the pledge page, to the drive's office, and
    # journaled there (donations.services.personal_data).
    exclude = ["contact_phone"]
    readonly_fields = ["masked_contact_phone"]

    @admin.display(description=_("contact phone"))
    def masked_contact_phone(self, obj):
        return masked_phone(obj.contact_phone)


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["pledge", "kind", "amount", "received_on", "status"]
    list_filter = ["status", "kind"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "account", "kind", "amount", "project", "village"]
    list_filter = ["kind"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["serial", "donor_name", "amount", "issued_at"]
    search_fields = ["serial", "donor_name"]


@admin.register(Wish)
class WishAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "village", "value", "status", "deadline"]
    list_filter = ["status"]
    # As for pledges: in full only on the wish list, to the helping unit, journaled.
    exclude = ["household_id_number", "household_phone"]
    readonly_fields = ["masked_id_number", "masked_household_phone"]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return masked_id(obj.household_id_number)

    @admin.display(description=_("phone"))
    def masked_household_phone(self, obj):
        return masked_phone(obj.household_phone)

"""Donations in the admin: read-only. Every change goes through donations.services, which
keeps the ledger and the journal; the admin is for looking things up."""

from django.contrib import admin

from donations.models import Certificate, Drive, LedgerEntry, Pledge, Project, Receipt, Wish


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

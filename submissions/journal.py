"""The action codes submissions writes to the portal journal, with their labels
(found by portal.journal, which imports every app's journal module)."""

from django.utils.translation import gettext_lazy

from portal import journal

LABELS = {
    "submissions.report.created": gettext_lazy("Report started"),
    "submissions.item.created": gettext_lazy("Item added"),
    "submissions.item.changed": gettext_lazy("Item changed"),
    "submissions.item.deleted": gettext_lazy("Item deleted"),
    "submissions.report.nothing_declared": gettext_lazy("Filed as nothing to report"),
    "submissions.report.handed_to_approver": gettext_lazy("Handed to the approver"),
    "submissions.report.submitted": gettext_lazy("Signed off and submitted"),
    "submissions.report.sent_back": gettext_lazy("Sent back by the approver"),
    "submissions.item.adopted": gettext_lazy("Item adopted"),
    "submissions.item.rejected": gettext_lazy("Item not adopted"),
    "submissions.items.bulk_adopted": gettext_lazy("Items adopted"),
    "submissions.items.bulk_rejected": gettext_lazy("Items not adopted"),
    "submissions.items.imported": gettext_lazy("Items imported from a sheet"),
    "submissions.items.entered": gettext_lazy("Items entered in the grid"),
    "submissions.report.adopted": gettext_lazy("Report adopted"),
    "submissions.report.returned": gettext_lazy("Returned by the reviewer"),
}

journal.register(LABELS)

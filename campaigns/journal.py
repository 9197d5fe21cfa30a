"""The action codes campaigns writes to the portal journal, with their labels (found by
portal.journal, which imports every app's journal module)."""

from django.utils.translation import gettext_lazy

from portal import journal

LABELS = {
    "campaigns.campaign.created": gettext_lazy("Campaign created"),
    "campaigns.campaign.changed": gettext_lazy("Campaign changed"),
    "campaigns.campaign.copied": gettext_lazy("Copied from an earlier campaign"),
    "campaigns.campaign.published": gettext_lazy("Campaign published"),
    "campaigns.campaign.closed": gettext_lazy("Campaign closed"),
    "campaigns.activity.created": gettext_lazy("Activity added"),
    "campaigns.activity.changed": gettext_lazy("Activity changed"),
    "campaigns.progress.filed": gettext_lazy("Progress filed"),
    "campaigns.assignment.done": gettext_lazy("Marked done"),
    "campaigns.assignment.accepted": gettext_lazy("Accepted"),
    "campaigns.assignment.returned": gettext_lazy("Sent back"),
}

journal.register(LABELS)

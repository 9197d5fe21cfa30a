"""The action codes awards writes to the portal journal, with their labels (found by
portal.journal, which imports every app's journal module)."""

from django.utils.translation import gettext_lazy

from portal import journal

LABELS = {
    "awards.programme.created": gettext_lazy("Programme created"),
    "awards.programme.copied": gettext_lazy("Programme copied from an earlier year"),
    "awards.programme.changed": gettext_lazy("Programme set-up changed"),
    "awards.category.tiers_changed": gettext_lazy("Tiers changed"),
    "awards.nomination.filed": gettext_lazy("Nomination filed"),
    "awards.nomination.signed_off": gettext_lazy("Nomination signed off"),
    "awards.nomination.qualified": gettext_lazy("Passed the qualification check"),
    "awards.nomination.rejected": gettext_lazy("Failed the qualification check"),
    "awards.nomination.scored": gettext_lazy("Scored"),
    "awards.nomination.tier_assigned": gettext_lazy("Tier assigned"),
    "awards.nomination.tier_removed": gettext_lazy("Tier taken back"),
    "awards.programme.notice_published": gettext_lazy("Public notice published"),
    "awards.objection.lodged": gettext_lazy("Objection lodged"),
    "awards.objection.settled": gettext_lazy("Objection settled"),
    "awards.programme.finalised": gettext_lazy("List made final"),
}

journal.register(LABELS)

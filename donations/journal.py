"""The action codes donations writes to the portal journal, with their labels (found by
portal.journal, which imports every app's journal module)."""

from django.utils.translation import gettext_lazy

from portal import journal

LABELS = {
    # The change reason of a caring person's account in its history (the admin shows it).
    "donations.caring_person.registered": gettext_lazy("Registered on the public site"),
    "donations.project.proposed": gettext_lazy("Project proposed"),
    "donations.project.published": gettext_lazy("Project published"),
    "donations.project.rejected": gettext_lazy("Project not published"),
    "donations.project.ended": gettext_lazy("Project ended"),
    "donations.project.use_disclosed": gettext_lazy("Use of funds disclosed"),
    "donations.project.spending": gettext_lazy("Spending recorded"),
    "donations.drive.campaign_linked": gettext_lazy("Drive linked to a campaign"),
    "donations.drive.campaign_unlinked": gettext_lazy("Drive unlinked from its campaign"),
    "donations.drive.statistics_filed": gettext_lazy("Drive statistics filed"),
    "donations.drive.donors_disclosed": gettext_lazy("Donor list disclosed"),
    "donations.pledge.recorded": gettext_lazy("Pledge recorded"),
    "donations.pledge.intention": gettext_lazy("Donation intention received"),
    "donations.pledge.confirmed": gettext_lazy("Pledge confirmed"),
    "donations.pledge.declined": gettext_lazy("Pledge declined"),
    "donations.pledge.withdrawn": gettext_lazy("Pledge withdrawn"),
    "donations.pledge.reallocated": gettext_lazy("Pledge moved to another use"),
    "donations.pledge.designation_restored": gettext_lazy("Donor's designation restored"),
    "donations.receipt.cash": gettext_lazy("Cash received"),
    "donations.receipt.goods": gettext_lazy("Goods received"),
    "donations.receipt.goods_confirmed": gettext_lazy("Goods receipt confirmed"),
    "donations.certificate.issued": gettext_lazy("Donation certificate issued"),
    "donations.wish.recorded": gettext_lazy("Micro-wish recorded"),
    "donations.wish.published": gettext_lazy("Micro-wish published"),
    "donations.wish.withdrawn": gettext_lazy("Micro-wish withdrawn"),
    "donations.wish.claimed": gettext_lazy("Micro-wish claimed"),
    "donations.wish.claim_expired": gettext_lazy("Claim lapsed"),
    "donations.wish.fulfilled": gettext_lazy("Micro-wish fulfilled"),
    "donations.personal_data.disclosed": gettext_lazy("Phone or ID number shown in full"),
}

journal.register(LABELS)

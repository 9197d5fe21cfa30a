"""What the home page shows from this app.

`home_context(user)` feeds templates/donations/_home.html, included by the home page:
disclosures due, goods waiting for the person's township, intentions to confirm, the
helping units' docking rates, and the wishes the person has lit up.
"""

from django.utils import timezone

from donations import access, selectors
from donations.models import PledgeStatus, ProjectStatus, WishStatus
from portal.models import Role
from portal.scoping import visible_units


def home_context(user) -> dict:
    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    context = {
        "donation_claims": list(selectors.my_claims(user).filter(status=WishStatus.CLAIMED)[:5]),
    }
    # Someone who records wishes for no unit and sees no drive (a member of the public who
    # lights up wishes): their claims, without the offices' to-dos below.
    if not selectors.wish_units(user).exists() and not selectors.drives_for(user).exists():
        return context
    context.update(
        {
            "donation_disclosures": selectors.disclosures_due(user, today)[:5],
            "donation_goods_count": selectors.goods_to_confirm(user).count(),
            # To-dos only for what the person may do: confirm for their own office
            # (access.can_act_for, not a reviewer's), screen (access.can_screen, not a
            # reporter's).
            "donation_intentions_count": selectors.pledges_for(user)
            .filter(
                status=PledgeStatus.INTENTION,
                unit__in=visible_units(user, roles=access.STAFF_ROLES),
            )
            .count(),
            "donation_to_screen_count": selectors.projects_for(user)
            .filter(
                status=ProjectStatus.PROPOSED,
                office__in=visible_units(user, roles=[Role.APPROVER, Role.ADMIN]),
            )
            .count(),
            "donation_rates": [
                r
                for r in selectors.docking_rates(selectors.helping_units(user, None))
                if r["recorded"]
            ][:5],
        }
    )
    return context


def unit_context(unit) -> dict:
    """For the unit's page (front/views/units.py): the unit's micro-wish docking rate
    against the 30 % requirement, if it records wishes. Feeds templates/donations/_unit.html."""
    (rate,) = selectors.docking_rates([unit])
    return {"donation_unit_rate": rate if rate["recorded"] else None}

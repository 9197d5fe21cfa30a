"""Who may do what in donations, on top of portal.scoping.

- A project belongs to its proposing unit (a township) and is screened by the county
  poverty-alleviation office of its village (`project.office`).
- Drives and their pledges belong to the county office that runs them (`drive.unit`).
- Goods are confirmed by a unit sitting in the receiving township or village.
- Micro-wishes belong to the helping unit that recorded them.
"""

from portal.models import Region, RegionLevel, Role, Unit, UnitKind
from portal.scoping import has_role, roles_of

STAFF_ROLES = (Role.REPORTER, Role.APPROVER, Role.ADMIN)
READ_ROLES = (*STAFF_ROLES, Role.REVIEWER)


def any_role(user, roles, unit: Unit) -> bool:
    return any(has_role(user, role, unit) for role in roles)


def can_act_for(user, unit: Unit) -> bool:
    """Record pledges, receipts and spending for the office `unit`."""
    return any_role(user, STAFF_ROLES, unit)


def can_read(user, unit: Unit) -> bool:
    return any_role(user, READ_ROLES, unit)


def can_screen(user, project) -> bool:
    return any_role(user, (Role.APPROVER, Role.ADMIN), project.office)


def can_propose_in(user, unit: Unit) -> bool:
    return has_role(user, Role.REPORTER, unit)


def is_donation_staff(user) -> bool:
    return bool(roles_of(user))


def county_office_for(village: Region) -> Unit | None:
    """The poverty-alleviation office of the county the village lies in."""
    county_ids = [int(part) for part in village.path.strip("/").split("/") if part]
    return (
        Unit.objects.filter(
            kind=UnitKind.POVERTY_OFFICE,
            is_active=True,
            region__pk__in=county_ids,
            region__level=RegionLevel.COUNTY,
        )
        .select_related("region")
        .first()
    )


def county_of(region: Region) -> Region | None:
    ids = [int(part) for part in region.path.strip("/").split("/") if part]
    return Region.objects.filter(pk__in=ids, level=RegionLevel.COUNTY).first()


def local_units_q(valued_by: Region):
    """Units that may confirm goods valued by `valued_by`: a unit in that township or
    village, or in the township above that village."""
    from django.db.models import Q

    q = Q(region=valued_by)
    if valued_by.level == RegionLevel.VILLAGE and valued_by.parent_id:
        q |= Q(region_id=valued_by.parent_id)
    return q


def can_confirm_goods(user, receipt) -> bool:
    units = Unit.objects.filter(local_units_q(receipt.valued_by), is_active=True)
    return any(any_role(user, (Role.REPORTER, Role.APPROVER), unit) for unit in units)


# Whom a household's or donor's phone and ID numbers are shown to in full (after a "show",
# journaled): the helping unit's staff and administrators over it, for a wish; the drive's
# office, for a pledge. Everyone else who may see the row sees them masked.
WISH_PERSONAL_DATA_ROLES = (Role.REPORTER, Role.APPROVER, Role.ADMIN)


def may_call_claimant(user, wish) -> bool:
    """A caring person who lights up a wish agrees to the helping unit calling them, nobody
    else: their phone is for the unit's reporters and approvers."""
    return any_role(user, (Role.REPORTER, Role.APPROVER), wish.unit)


def may_see_personal_data(user, target) -> bool:
    from donations.models import Pledge, Wish

    if isinstance(target, Wish):
        return any_role(user, WISH_PERSONAL_DATA_ROLES, target.unit)
    if isinstance(target, Pledge):
        return can_act_for(user, target.unit)
    return False

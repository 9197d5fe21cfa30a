"""Showing a phone or ID number in full: to whom access.may_see_personal_data allows,
and never without a journal entry of who, when, from which address and which field."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from donations import access
from donations.models import Pledge, Wish
from portal import journal

# What may be shown of each, and where the value is: wishes also show the phone of the
# caring person who claimed them (kept on their account).
FIELDS = {
    Wish: ("household_phone", "household_id_number", "claimant_phone"),
    Pledge: ("contact_phone",),
}


def personal_value(target: Wish | Pledge, field: str) -> str:
    if field == "claimant_phone":
        return target.claimed_by.phone if target.claimed_by_id else ""
    return getattr(target, field)


@transaction.atomic
def personal_data_disclose(*, user, target: Wish | Pledge, field: str, address: str | None) -> str:
    """The value in full, journaled as donations.personal_data.disclosed. Raises
    PermissionDenied for a person who may see the row but not this, or a field not in
    FIELDS. One transaction: the entry is written before the value is returned."""
    if field not in FIELDS[type(target)] or not access.may_see_personal_data(user, target):
        raise PermissionDenied
    if field == "claimant_phone" and not access.may_call_claimant(user, target):
        raise PermissionDenied
    value = personal_value(target, field)
    journal.record(
        "donations.personal_data.disclosed",
        actor=user,
        target=target,
        data={"field": field},
        address=address,
    )
    return value

"""Pledges: recorded by staff or submitted by the public, confirmed, withdrawn."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import access
from donations.models import (
    Designation,
    Drive,
    GiftKind,
    Pledge,
    PledgeItem,
    PledgeStatus,
    Project,
    ProjectStatus,
)
from donations.services.certificates import certificate_if_large
from donations.services.common import DonationError, money, pledge_figures, record_event
from portal.models import Region, RegionLevel, User


def designation_fields(drive: Drive, designation: str, project, village) -> dict:
    if designation == Designation.PROJECT:
        if project is None:
            raise DonationError(_("Choose the project the gift is for."))
        if project.status not in (ProjectStatus.PUBLISHED, ProjectStatus.ENDED):
            raise DonationError(_("Only published projects can be given to."))
        if project.office_id != drive.unit_id:
            raise DonationError(_("The project is not in this drive's county."))
        return {"designation": designation, "project": project, "village": project.village}
    if designation == Designation.VILLAGE:
        if village is None or village.level != RegionLevel.VILLAGE:
            raise DonationError(_("Choose the village the gift is for."))
        if not village.path.startswith(drive.unit.region.path):
            raise DonationError(_("The village is not in this drive's county."))
        return {"designation": designation, "project": None, "village": village}
    return {"designation": Designation.NONE, "project": None, "village": None}


def _pledge(
    drive, *, donor_type, donor_name, kind, amount, designation, project, village, items, **extra
) -> Pledge:
    pledge = Pledge(
        drive=drive,
        unit=drive.unit,
        donor_type=donor_type,
        donor_name=donor_name.strip(),
        kind=kind,
        amount=money(amount),
        **designation_fields(drive, designation, project, village),
        **extra,
    )
    if kind == GiftKind.GOODS and not items:
        raise DonationError(_("List the goods pledged, with their quantities."))
    pledge.full_clean()
    pledge.save()
    for description, quantity, unit_label in items:
        PledgeItem.objects.create(
            pledge=pledge, description=description, quantity=quantity, unit_label=unit_label
        )
    return pledge


@transaction.atomic
def pledge_record(
    *,
    user: User,
    drive: Drive,
    donor_type: str,
    donor_name: str,
    kind: str,
    amount: Decimal,
    designation: str,
    project: Project | None = None,
    village: Region | None = None,
    items=(),
    due_date: date | None = None,
    anonymous: bool = False,
    contact_phone: str = "",
    note: str = "",
) -> Pledge:
    """Staff record a pledge; it counts at once."""
    if not access.can_act_for(user, drive.unit):
        raise PermissionDenied
    pledge = _pledge(
        drive,
        donor_type=donor_type,
        donor_name=donor_name,
        kind=kind,
        amount=amount,
        designation=designation,
        project=project,
        village=village,
        items=items,
        due_date=due_date,
        anonymous=anonymous,
        contact_phone=contact_phone,
        note=note,
        status=PledgeStatus.CONFIRMED,
        created_by=user,
        confirmed_at=timezone.now(),
    )
    record_event("donations.pledge.recorded", user, pledge=pledge)
    return pledge


@transaction.atomic
def pledge_intention_submit(
    *,
    drive: Drive,
    donor_type: str,
    donor_name: str,
    kind: str,
    amount: Decimal,
    designation: str,
    project: Project | None = None,
    village: Region | None = None,
    items=(),
    anonymous: bool = False,
    contact_phone: str = "",
    note: str = "",
) -> Pledge:
    """A member of the public states an intention; it counts only once staff confirm it."""
    if not drive.accepts_public:
        raise DonationError(_("This drive does not take pledges online."))
    pledge = _pledge(
        drive,
        donor_type=donor_type,
        donor_name=donor_name,
        kind=kind,
        amount=amount,
        designation=designation,
        project=project,
        village=village,
        items=items,
        anonymous=anonymous,
        contact_phone=contact_phone,
        note=note,
        status=PledgeStatus.INTENTION,
        from_public=True,
    )
    record_event("donations.pledge.intention", None, pledge=pledge)
    return pledge


@transaction.atomic
def pledge_confirm(*, user: User, pledge: Pledge, accept: bool = True) -> Pledge:
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    changed = Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.INTENTION).update(
        status=PledgeStatus.CONFIRMED if accept else PledgeStatus.DECLINED,
        confirmed_at=timezone.now() if accept else None,
        created_by=user,
    )
    if changed != 1:
        raise DonationError(_("This intention has already been dealt with."))
    pledge.refresh_from_db()
    record_event(
        "donations.pledge.confirmed" if accept else "donations.pledge.declined", user, pledge=pledge
    )
    return pledge


@transaction.atomic
def pledge_withdraw(*, user: User, pledge: Pledge, reason: str) -> Pledge:
    """The donor withdraws what is still outstanding; what was received stays received."""
    if not access.can_act_for(user, pledge.unit):
        raise PermissionDenied
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.CONFIRMED:
        raise DonationError(_("Only a confirmed pledge can be withdrawn."))
    if pledge_figures(pledge)["received"] >= pledge.amount:
        raise DonationError(_("This pledge has been received in full."))
    if not reason.strip():
        raise DonationError(_("Say why the pledge is withdrawn."))
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.withdraw_reason = reason
    pledge.save(update_fields=["status", "withdraw_reason"])
    record_event("donations.pledge.withdrawn", user, pledge=pledge, note=reason)
    certificate_if_large(pledge)
    return pledge

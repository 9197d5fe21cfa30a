"""Micro-wishes: recorded and vetted by the helping unit, claimed by a caring person,
fulfilled, claims expired."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import public_cache, rules
from donations.models import (
    Wish,
    WishStatus,
)
from donations.services.common import DonationError, money, record_event
from portal import journal
from portal.models import Attachment, Region, RegionLevel, Role, Unit, User
from portal.scoping import has_role


@transaction.atomic
def wish_record(
    *,
    user: User,
    unit: Unit,
    village: Region,
    household_name: str,
    title: str,
    value: Decimal,
    deadline: date,
    household_id_number: str = "",
    household_phone: str = "",
) -> Wish:
    if not has_role(user, Role.REPORTER, unit):
        raise PermissionDenied
    if village.level != RegionLevel.VILLAGE:
        raise DonationError(_("Choose the household's village."))
    wish = Wish(
        unit=unit,
        village=village,
        household_name=household_name.strip(),
        household_id_number=household_id_number,
        household_phone=household_phone,
        title=title,
        value=money(value),
        deadline=deadline,
        created_by=user,
    )
    wish.full_clean()
    wish.save()
    record_event("donations.wish.recorded", user, wish=wish)
    return wish


@transaction.atomic
def wish_vet(*, user: User, wish: Wish, publish: bool) -> Wish:
    """The unit's approver publishes the wish, or withdraws it."""
    if not has_role(user, Role.APPROVER, wish.unit):
        raise PermissionDenied
    changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.DRAFT).update(
        status=WishStatus.PUBLISHED if publish else WishStatus.WITHDRAWN, vetted_by=user
    )
    if changed != 1:
        raise DonationError(_("This wish has already been vetted."))
    wish.refresh_from_db()
    record_event(
        "donations.wish.published" if publish else "donations.wish.withdrawn", user, wish=wish
    )
    return wish


def wish_claim(*, user: User, wish: Wish) -> Wish:
    """A caring person lights up a published wish. One conditional UPDATE claims it, so
    of two people clicking at once exactly one succeeds."""
    if not user.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.PUBLISHED).update(
            status=WishStatus.CLAIMED, claimed_by=user, claimed_at=timezone.now()
        )
        if changed != 1:
            raise DonationError(_("Someone has already lit up this wish."))
        record_event("donations.wish.claimed", user, wish=wish)
    wish.refresh_from_db()
    return wish


@transaction.atomic
def wish_fulfil(*, user: User, wish: Wish, photo: Attachment, household_confirmed_on: date) -> Wish:
    """The unit records the wish fulfilled, with a photo and the household's confirmation."""
    if not has_role(user, Role.REPORTER, wish.unit):
        raise PermissionDenied
    if household_confirmed_on is None or photo is None:
        raise DonationError(_("A photo and the household's confirmation are needed."))
    changed = Wish.objects.filter(pk=wish.pk, status=WishStatus.CLAIMED).update(
        status=WishStatus.FULFILLED,
        fulfilled_at=timezone.now(),
        photo=photo,
        household_confirmed_on=household_confirmed_on,
    )
    if changed != 1:
        raise DonationError(_("Only a claimed wish can be fulfilled."))
    wish.refresh_from_db()
    record_event("donations.wish.fulfilled", user, wish=wish)
    return wish


def wish_claims_expire(now: datetime | None = None) -> int:
    """Claims not fulfilled within CLAIM_DAYS lapse; the wishes return to the list."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=rules.CLAIM_DAYS)
    with transaction.atomic():
        ids = list(
            Wish.objects.select_for_update()
            .filter(status=WishStatus.CLAIMED, claimed_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        Wish.objects.filter(pk__in=ids, status=WishStatus.CLAIMED).update(
            status=WishStatus.PUBLISHED, claimed_by=None, claimed_at=None
        )
        for wish in Wish.objects.filter(pk__in=ids):
            journal.record("donations.wish.claim_expired", actor=None, target=wish)
        transaction.on_commit(public_cache.bump)
    return len(ids)

"""Every write to award programmes: setting up, nominating, signing off, qualification,
scoring, tier assignment, the public notice, objections and the final decision.

Each service checks the person's role, checks the state, runs in one transaction and
writes to the portal journal. A domain rule that refuses the action raises AwardError with a
message for the user.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    PLACE_TAKING_STATUSES,
    Category,
    Certificate,
    Criterion,
    Judge,
    Nomination,
    NominationStatus,
    Nominator,
    Objection,
    Programme,
    ProgrammeStatus,
    Takes,
    Tier,
)
from portal import journal, versions
from portal.models import JournalEntry, Membership, Region, RegionLevel, Role, Unit, User
from portal.scoping import has_role, require_role
from portal.services import attachment_create
from portal.workdays import add_working_days

# Who files for a unit: its reporters (and an administrator there, who may do anything).
FILING_ROLES = (Role.REPORTER, Role.ADMIN)


class AwardError(Exception):
    """A domain rule refused the action; the message is for the user."""


class ConcurrentEdit(AwardError, versions.StaleVersion):
    """The row moved on since the page was shown (the portal's one stale-version error)."""

    def __init__(self):
        versions.StaleVersion.__init__(self)


def _lock(model, obj, version: int | None = None):
    """The row locked for this transaction, refused if the page showed an older version."""
    return versions.lock(model, obj, version, error=ConcurrentEdit)


def _log(programme, action, actor, *, nomination=None, comment="", **data) -> JournalEntry:
    """A journal entry about the nomination if there is one, else about the programme."""
    return journal.record(
        action, actor=actor, target=nomination or programme, comment=comment, data=data
    )


@transaction.atomic
def setup_part_save(
    *, programme: Programme, formset, version: int | None, user: User, action: str, **data
) -> None:
    """Save one part of a programme's set-up (a section, a category's tiers) against the
    programme's version the page showed, one version higher, with a journal entry.
    Raises ConcurrentEdit, writing nothing, if someone saved the set-up since."""
    current = _lock(Programme, programme, version)
    formset.save()
    versions.bump(current, user=user)
    _log(programme, action, user, **data)


def can_administer(user, programme: Programme) -> bool:
    return has_role(user, Role.ADMIN, programme.organiser)


def require_administrator(user, programme: Programme) -> None:
    if not can_administer(user, programme):
        raise PermissionDenied


def may_file_for(user, unit: Unit) -> bool:
    return any(has_role(user, role, unit) for role in FILING_ROLES)


# Setting up -------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, user: User, organiser: Unit, **fields) -> Programme:
    require_role(user, Role.ADMIN, organiser)
    programme = Programme(organiser=organiser, created_by=user, **fields)
    programme.full_clean()
    programme.save()
    _log(programme, "awards.programme.created", user)
    return programme


@transaction.atomic
def programme_copy(*, programme: Programme, user: User, year: int) -> Programme:
    """A new programme for `year` with the same categories, tiers, criteria, nominating
    units and judges; the window moves by the same number of years."""
    require_administrator(user, programme)
    shift = year - programme.year

    def moved(day: date) -> date:
        try:
            return day.replace(year=day.year + shift)
        except ValueError:  # 29 February
            return day.replace(year=day.year + shift, day=28)

    copy = Programme.objects.create(
        organiser=programme.organiser,
        year=year,
        title=programme.title,
        basis_document="",
        kind=programme.kind,
        nomination_opens=moved(programme.nomination_opens),
        nomination_closes=moved(programme.nomination_closes),
        notice_working_days=programme.notice_working_days,
        anonymous_judging=programme.anonymous_judging,
        drop_extremes=programme.drop_extremes,
        created_by=user,
    )
    new_category = {}
    for category in programme.categories.prefetch_related("tiers"):
        new = Category.objects.create(
            programme=copy, name=category.name, takes=category.takes, position=category.position
        )
        new_category[category.pk] = new
        Tier.objects.bulk_create(
            Tier(category=new, name=t.name, quota=t.quota, position=t.position)
            for t in category.tiers.all()
        )
    Criterion.objects.bulk_create(
        Criterion(programme=copy, name=c.name, weight=c.weight, position=c.position)
        for c in programme.criteria.all()
    )
    Nominator.objects.bulk_create(
        Nominator(programme=copy, unit_id=n.unit_id, limit=n.limit)
        for n in programme.nominators.all()
    )
    for judge in programme.judges.prefetch_related("categories"):
        new_judge = Judge.objects.create(programme=copy, user_id=judge.user_id)
        new_judge.categories.set([new_category[c.pk] for c in judge.categories.all()])
    _log(copy, "awards.programme.copied", user, source=programme.pk)
    return copy


# Nominating -------------------------------------------------------------------------


def _in_region(programme: Programme, region: Region) -> bool:
    return region.path.startswith(programme.organiser.region.path)


def check_eligibility(
    *,
    programme: Programme,
    category: Category,
    nominee_name: str,
    nominee_unit: Unit | None,
    nominee_region: Region | None,
    nominee_user: User | None,
    work_title: str,
    work_text: str,
) -> None:
    """Raise AwardError saying what makes the nominee ineligible for the category."""
    if category.programme_id != programme.pk:
        raise AwardError(_("This category is not one of the programme's."))
    if not nominee_name.strip():
        raise AwardError(_("Name the nominee."))
    region_name = programme.organiser.region.name
    if category.takes == Takes.UNIT:
        if nominee_unit is None or not nominee_unit.is_active:
            raise AwardError(_("This category commends a unit: choose the unit nominated."))
        if not _in_region(programme, nominee_unit.region):
            raise AwardError(
                _("%(unit)s is not a unit in %(region)s.")
                % {"unit": nominee_unit.name, "region": region_name}
            )
    elif category.takes == Takes.COUNTY:
        if nominee_region is None or nominee_region.level != RegionLevel.COUNTY:
            raise AwardError(_("This category commends a county: choose the county nominated."))
        if not _in_region(programme, nominee_region):
            raise AwardError(
                _("%(county)s is not a county in %(region)s.")
                % {"county": nominee_region.name, "region": region_name}
            )
    elif category.takes in (Takes.PERSON, Takes.WORK):
        if nominee_unit is None or not nominee_unit.is_active:
            raise AwardError(
                _("A person must belong to a unit in %(region)s: choose their unit.")
                % {"region": region_name}
            )
        if not _in_region(programme, nominee_unit.region):
            raise AwardError(
                _("A person must belong to a unit in %(region)s; %(unit)s is not.")
                % {"region": region_name, "unit": nominee_unit.name}
            )
        if (
            nominee_user is not None
            and not Membership.objects.filter(user=nominee_user, unit=nominee_unit).exists()
        ):
            raise AwardError(
                _("%(person)s does not belong to %(unit)s.")
                % {"person": nominee_user, "unit": nominee_unit.name}
            )
        if category.takes == Takes.WORK and not (work_title.strip() and work_text.strip()):
            raise AwardError(
                _("A contest entry needs the work itself: its title and its text, on the theme.")
            )


def _require_a_free_place(nominator: Nominator, *, programme: Programme, unit: Unit) -> None:
    """Raise AwardError if the unit's nominations take all its places (PLACE_TAKING_STATUSES:
    one found not qualified takes none). The caller holds the Nominator row locked, so two
    nominations cannot take the last place at once."""
    filed = Nomination.objects.filter(
        programme=programme, unit=unit, status__in=PLACE_TAKING_STATUSES
    ).count()
    if filed >= nominator.limit:
        raise AwardError(
            _("%(unit)s may nominate %(limit)s and has already filed %(filed)s.")
            % {"unit": unit, "limit": nominator.limit, "filed": filed}
        )


@transaction.atomic
def nomination_file(
    *,
    programme: Programme,
    unit: Unit,
    user: User,
    category: Category,
    nominee_name: str,
    nominee_unit: Unit | None = None,
    nominee_region: Region | None = None,
    nominee_user: User | None = None,
    work_title: str = "",
    work_text: str = "",
    deeds: str = "",
    figures: dict | None = None,
    files=(),
    today: date | None = None,
) -> Nomination:
    """File a nomination for `unit`; it waits for the unit approver's sign-off.

    Locks the unit's Nominator row so that two clerks filing at once cannot pass the
    unit's limit. Stores the supporting files as attachments of the unit.
    """
    today = today or timezone.localdate()
    if not may_file_for(user, unit):
        raise PermissionDenied
    nominator = Nominator.objects.select_for_update().filter(programme=programme, unit=unit).first()
    if nominator is None:
        raise AwardError(
            _("%(unit)s is not asked to nominate for this programme.") % {"unit": unit}
        )
    if programme.status != ProgrammeStatus.OPEN:
        raise AwardError(_("This programme no longer takes nominations."))
    if today < programme.nomination_opens:
        raise AwardError(
            _("Nominations open on %(day)s.") % {"day": programme.nomination_opens.isoformat()}
        )
    if today > programme.nomination_closes:
        raise AwardError(
            _("Nominations closed on %(day)s.") % {"day": programme.nomination_closes.isoformat()}
        )
    _require_a_free_place(nominator, programme=programme, unit=unit)
    check_eligibility(
        programme=programme,
        category=category,
        nominee_name=nominee_name,
        nominee_unit=nominee_unit,
        nominee_region=nominee_region,
        nominee_user=nominee_user,
        work_title=work_title,
        work_text=work_text,
    )
    nomination = Nomination.objects.create(
        programme=programme,
        category=category,
        unit=unit,
        nominee_name=nominee_name.strip(),
        nominee_unit=nominee_unit,
        nominee_region=nominee_region,
        nominee_user=nominee_user,
        work_title=work_title.strip(),
        work_text=work_text,
        deeds=deeds,
        figures=figures or {},
        created_by=user,
    )
    attachments = [
        attachment_create(unit=unit, uploaded=uploaded, uploaded_by=user) for uploaded in files
    ]
    if attachments:
        nomination.attachments.set(attachments)
    _log(programme, "awards.nomination.filed", user, nomination=nomination)
    return nomination


@transaction.atomic
def nomination_sign_off(*, nomination: Nomination, user: User, today: date | None = None):
    """The unit approver sends the nomination on to the programme (谁审核、谁负责)."""
    today = today or timezone.localdate()
    require_role(user, Role.APPROVER, nomination.unit)
    current = _lock(Nomination, nomination)
    if current.status != NominationStatus.AWAITING_SIGNOFF:
        raise AwardError(_("This nomination is not waiting for sign-off."))
    if today > nomination.programme.nomination_closes:
        raise AwardError(_("Nominations have closed: it can no longer be signed off."))
    current.status = NominationStatus.SUBMITTED
    current.signed_off_by = user
    current.signed_off_at = timezone.now()
    versions.bump(current, user=user, fields=["status", "signed_off_by", "signed_off_at"])
    _log(current.programme, "awards.nomination.signed_off", user, nomination=current)
    return current


@transaction.atomic
def nomination_qualify(
    *,
    nomination: Nomination,
    user: User,
    passed: bool,
    reason: str = "",
    version: int | None = None,
) -> Nomination:
    """Qualification check (资格审查): pass, or reject with a reason the unit sees.
    `version` is the nomination's version the page showed: a decision made meanwhile by
    someone else is never overwritten unseen."""
    programme = nomination.programme
    require_administrator(user, programme)
    current = _lock(Nomination, nomination, version)
    if programme.status != ProgrammeStatus.OPEN:
        raise AwardError(_("The list has been published: qualification can no longer change."))
    if current.status == NominationStatus.AWAITING_SIGNOFF:
        raise AwardError(_("The unit's approver has not signed this nomination off yet."))
    if current.tier_id is not None:
        raise AwardError(_("This nomination holds a tier: take the tier back first."))
    if not passed and not reason.strip():
        raise AwardError(_("Give the reason the nomination is not qualified."))
    if passed and current.status == NominationStatus.REJECTED:
        # A rejected nomination gave its place back and the unit may have filed another
        # in it: it may take a place again only if one is free.
        nominator = (
            Nominator.objects.select_for_update()
            .filter(programme=programme, unit=current.unit_id)
            .first()
        )
        if nominator is not None:
            _require_a_free_place(nominator, programme=programme, unit=current.unit)
    current.status = NominationStatus.QUALIFIED if passed else NominationStatus.REJECTED
    current.reject_reason = "" if passed else reason.strip()
    versions.bump(current, user=user, fields=["status", "reject_reason"])
    action = "awards.nomination.qualified" if passed else "awards.nomination.rejected"
    _log(programme, action, user, nomination=current, comment=current.reject_reason)
    return current


# Judging ----------------------------------------------------------------------------


def own_unit_ids(user) -> set[int]:
    """The units a judge belongs to: they step aside for nominations from them."""
    return set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))


def is_recused(nomination: Nomination, unit_ids: set[int]) -> bool:
    return nomination.unit_id in unit_ids or nomination.nominee_unit_id in unit_ids


@transaction.atomic
def score_record(*, nomination: Nomination, user: User, values: dict[int, Decimal]) -> list:
    """Record (or change) a judge's scores of one nomination, one per criterion."""
    programme = nomination.programme
    judge = Judge.objects.filter(programme=programme, user=user).first()
    if judge is None or not judge.categories.filter(pk=nomination.category_id).exists():
        raise PermissionDenied
    if is_recused(nomination, own_unit_ids(user)):
        # Recusal is not a choice: the nomination comes from the judge's own unit.
        raise PermissionDenied
    if programme.status != ProgrammeStatus.OPEN:
        raise AwardError(_("Judging is over for this programme."))
    if nomination.status != NominationStatus.QUALIFIED:
        raise AwardError(_("Only qualified nominations are scored."))
    criteria = {c.pk: c for c in programme.criteria.all()}
    if set(values) != set(criteria):
        raise AwardError(_("Score every criterion."))
    scores = []
    for criterion_id, value in values.items():
        if not Decimal(0) <= Decimal(value) <= Decimal(100):
            raise AwardError(_("Scores run from 0 to 100."))
        score, _created = nomination.scores.update_or_create(
            judge=user, criterion_id=criterion_id, defaults={"value": value}
        )
        scores.append(score)
    # The values go in the journal too: a judge changing their scores stays on record.
    _log(
        programme,
        "awards.nomination.scored",
        user,
        nomination=nomination,
        values={str(c): str(v) for c, v in sorted(values.items())},
    )
    return scores


@transaction.atomic
def tier_assign(
    *, nomination: Nomination, user: User, tier: Tier | None, version: int | None = None
) -> Nomination:
    """Give the nomination a tier (or take it back with tier=None). `version` is the
    nomination's version the ranking showed: a tier changed meanwhile is not overwritten.

    The tier's row is locked with SELECT ... FOR UPDATE and its winners are counted
    inside the same transaction: a second administrator assigning the same tier waits
    for the first to commit and then sees the place taken.
    """
    programme = nomination.programme
    require_administrator(user, programme)
    if programme.status != ProgrammeStatus.OPEN:
        raise AwardError(_("The list has been published: tiers can no longer change."))
    if tier is not None:
        tier = Tier.objects.select_for_update().get(pk=tier.pk)
        if tier.category_id != nomination.category_id:
            raise AwardError(_("This tier belongs to another category."))
    current = _lock(Nomination, nomination, version)
    if current.status != NominationStatus.QUALIFIED:
        raise AwardError(_("Only a qualified nomination can win."))
    if tier is not None and current.tier_id != tier.pk:
        taken = Nomination.objects.filter(tier=tier).count()
        if taken >= tier.quota:
            raise AwardError(
                _("All %(quota)s places of %(tier)s are taken.")
                % {"quota": tier.quota, "tier": tier.name}
            )
    current.tier = tier
    versions.bump(current, user=user, fields=["tier"])
    _log(
        programme,
        "awards.nomination.tier_assigned" if tier else "awards.nomination.tier_removed",
        user,
        nomination=current,
        tier=tier.name if tier else None,
    )
    return current


# Public notice and decision -----------------------------------------------------------


@transaction.atomic
def notice_publish(*, programme: Programme, user: User, today: date | None = None) -> Programme:
    """Publish the proposed winners for the notice period (公示)."""
    require_administrator(user, programme)
    today = today or timezone.localdate()
    current = _lock(Programme, programme)
    if current.status != ProgrammeStatus.OPEN:
        raise AwardError(_("The list has already been published."))
    if not Nomination.objects.filter(programme=current, tier__isnull=False).exists():
        raise AwardError(_("No nomination holds a tier yet: there is nothing to publish."))
    current.status = ProgrammeStatus.NOTICE
    current.notice_starts = today
    current.notice_ends = add_working_days(today, current.notice_working_days)
    versions.bump(current, user=user, fields=["status", "notice_starts", "notice_ends"])
    _log(current, "awards.programme.notice_published", user, ends=current.notice_ends.isoformat())
    return current


@transaction.atomic
def objection_lodge(
    *,
    programme: Programme,
    text: str,
    contact: str,
    nomination: Nomination | None = None,
    today: date | None = None,
) -> Objection:
    today = today or timezone.localdate()
    if programme.status != ProgrammeStatus.NOTICE or today > programme.notice_ends:
        raise AwardError(_("The notice period is over: objections are no longer taken."))
    if nomination is not None and (
        nomination.programme_id != programme.pk or nomination.tier_id is None
    ):
        raise AwardError(_("Choose a nomination from the list."))
    if not text.strip() or not contact.strip():
        raise AwardError(_("Say what the objection is and how we can reach you."))
    objection = Objection.objects.create(
        programme=programme, nomination=nomination, text=text.strip(), contact=contact.strip()
    )
    _log(programme, "awards.objection.lodged", None, nomination=nomination)
    return objection


@transaction.atomic
def objection_settle(*, objection: Objection, user: User, settlement: str) -> Objection:
    require_administrator(user, objection.programme)
    if not settlement.strip():
        raise AwardError(_("Record how the objection was settled."))
    current = Objection.objects.select_for_update().get(pk=objection.pk)
    if current.programme.status == ProgrammeStatus.FINAL:
        raise AwardError(_("The list is final."))
    if current.settled_at is not None:
        # Another administrator settled it since the page was shown: theirs stands.
        raise ConcurrentEdit()
    current.settlement = settlement.strip()
    current.settled_by = user
    current.settled_at = timezone.now()
    current.save()
    _log(current.programme, "awards.objection.settled", user, comment=current.settlement)
    return current


@transaction.atomic
def programme_finalise(
    *, programme: Programme, user: User, circular_number: str = "", today: date | None = None
) -> Programme:
    """Freeze the list once the notice is over and every objection is settled, and
    number one certificate per winner."""
    require_administrator(user, programme)
    today = today or timezone.localdate()
    current = _lock(Programme, programme)
    if current.status != ProgrammeStatus.NOTICE:
        raise AwardError(_("Only a published list can be made final."))
    if today <= current.notice_ends:
        raise AwardError(
            _("The public notice runs until %(day)s.") % {"day": current.notice_ends.isoformat()}
        )
    open_objections = current.objections.filter(settled_at=None).count()
    if open_objections:
        raise AwardError(
            _("%(n)s objection(s) are not settled yet: record how each was settled first.")
            % {"n": open_objections}
        )
    winners = list(
        Nomination.objects.filter(programme=current, tier__isnull=False).order_by(
            "category__position", "category_id", "tier__position", "tier_id", "pk"
        )
    )
    # The programme row is locked and its status checked: certificates are numbered once.
    Certificate.objects.bulk_create(
        Certificate(nomination=winner, serial=f"{current.year}-{current.pk:03d}-{position:04d}")
        for position, winner in enumerate(winners, start=1)
    )
    current.status = ProgrammeStatus.FINAL
    current.finalised_at = timezone.now()
    current.circular_number = circular_number.strip()
    versions.bump(current, user=user, fields=["status", "finalised_at", "circular_number"])
    _log(current, "awards.programme.finalised", user, winners=len(winners))
    return current

"""Claimable projects: proposed by a township, screened by the county, ended, disclosed."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import access
from donations.models import (
    Project,
    ProjectStatus,
)
from donations.services.common import DonationError, money, record_event
from portal.models import Attachment, Region, RegionLevel, Unit, User


@transaction.atomic
def project_propose(
    *,
    user: User,
    unit: Unit,
    village: Region,
    title: str,
    purpose: str,
    category: str,
    budget: Decimal,
    claim_deadline: date,
    photos: list[Attachment] = (),
) -> Project:
    """A township's reporter proposes a project in a village of its area."""
    if not access.can_propose_in(user, unit):
        raise PermissionDenied
    if village.level != RegionLevel.VILLAGE or not village.path.startswith(unit.region.path):
        raise DonationError(_("Choose a village in your unit's area."))
    office = access.county_office_for(village)
    if office is None:
        raise DonationError(_("The village's county has no poverty-alleviation office."))
    project = Project(
        unit=unit,
        office=office,
        village=village,
        title=title,
        purpose=purpose,
        category=category,
        budget=money(budget),
        claim_deadline=claim_deadline,
        created_by=user,
    )
    project.full_clean()
    project.save()
    project.photos.set(photos)
    record_event("donations.project.proposed", user, project=project)
    return project


@transaction.atomic
def project_screen(*, user: User, project: Project, accept: bool, note: str = "") -> Project:
    """The county office publishes a proposed project for claiming, or declines it."""
    if not access.can_screen(user, project):
        raise PermissionDenied
    changed = Project.objects.filter(pk=project.pk, status=ProjectStatus.PROPOSED).update(
        status=ProjectStatus.PUBLISHED if accept else ProjectStatus.REJECTED,
        screening_note=note,
        screened_by=user,
        screened_at=timezone.now(),
    )
    if changed != 1:
        raise DonationError(_("This project has already been screened."))
    project.refresh_from_db()
    action = "donations.project.published" if accept else "donations.project.rejected"
    record_event(action, user, project=project, note=note)
    return project


@transaction.atomic
def project_end(*, user: User, project: Project, ended_on: date) -> Project:
    if not access.can_act_for(user, project.office):
        raise PermissionDenied
    if project.status != ProjectStatus.PUBLISHED:
        raise DonationError(_("Only a published project can be ended."))
    project.status = ProjectStatus.ENDED
    project.ended_on = ended_on
    project.save(update_fields=["status", "ended_on"])
    record_event("donations.project.ended", user, project=project)
    return project


@transaction.atomic
def project_disclose_use(*, user: User, project: Project) -> Project:
    """Publish the project's use of funds on the public page."""
    if not access.can_act_for(user, project.office):
        raise PermissionDenied
    if project.status != ProjectStatus.ENDED or project.use_disclosed_at:
        raise DonationError(_("The use of funds is disclosed once, after the project ends."))
    project.use_disclosed_at = timezone.now()
    project.save(update_fields=["use_disclosed_at"])
    record_event("donations.project.use_disclosed", user, project=project)
    return project

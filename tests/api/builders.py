"""Donations' disclosed objects of any unit, made directly (the county's own services need
its approver and a township): a published project and a drive whose donors are disclosed."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from donations.models import Drive, Project, ProjectStatus
from portal.models import RegionLevel
from tests.factories import RegionFactory


def published_project(unit, *, created_by, title="苹果冷库") -> Project:
    """A project the unit proposed and screened itself, published, in a village of its own."""
    village = RegionFactory(name="某村", level=RegionLevel.VILLAGE, parent=unit.region)
    return Project.objects.create(
        unit=unit,
        office=unit,
        village=village,
        title=title,
        purpose="建设苹果冷库一座",
        category="industry",
        budget=Decimal("100000.00"),
        claim_deadline=dt.date(2026, 12, 31),
        status=ProjectStatus.PUBLISHED,
        created_by=created_by,
    )


def disclosed_drive(unit, *, title="扶贫日募捐") -> Drive:
    return Drive.objects.create(
        unit=unit,
        title=title,
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 10, 17),
        donors_disclosed_at=timezone.now(),
    )


def queries(api, url) -> int:
    """The queries of a GET of `url` by a token in use: the second of two calls, for the first
    call of a token in a minute also writes its last use on its row."""
    api.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(captured)

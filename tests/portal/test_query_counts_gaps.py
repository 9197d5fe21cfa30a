"""A unit's page costs the same queries however many people it has (each with one or more
roles) and, for a helping unit, however many micro-wishes it recorded for its docking
rate; test_unit_detail.py only caps the count for the bare world."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import services
from portal.models import Role
from tests.donations.conftest import dw  # noqa: F401
from tests.donations.test_wishes_services import make_wish
from tests.factories import MembershipFactory, UserFactory, person


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _members(unit, n, start):
    for i in range(start, start + n):
        someone = person(f"member{unit.pk}_{i}", unit, Role.REPORTER, full_name=f"成员{i}")
        if i % 2:
            MembershipFactory(user=someone, unit=unit, role=Role.APPROVER)


@pytest.mark.parametrize("who", ["city_reviewer", "reporter", "province_admin"])
def test_unit_page_stays_flat_as_members_grow(world, client_for, who):
    client = client_for(getattr(world, who))
    url = reverse("unit-detail", args=[world.yanchang_bureau.pk])
    _queries(client, url)
    _members(world.yanchang_bureau, 1, 0)
    few, _ = _queries(client, url)
    _members(world.yanchang_bureau, 12, 1)
    many, page = _queries(client, url)
    assert many == few
    assert "成员12" in page


def test_helping_unit_page_stays_flat_as_wishes_grow(dw, client_for):  # noqa: F811
    client = client_for(dw.city_reviewer)
    url = reverse("unit-detail", args=[dw.helping_unit.pk])

    def wishes(n, start):
        for i in range(start, start + n):
            wish = make_wish(dw, title=f"心愿{i}")
            if i % 2:
                services.wish_claim(user=UserFactory(), wish=wish)

    _queries(client, url)
    wishes(2, 0)
    few, _ = _queries(client, url)
    wishes(10, 2)
    _members(dw.helping_unit, 5, 0)
    many, _ = _queries(client, url)
    assert many == few

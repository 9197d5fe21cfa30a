"""The home page's donations card: what is due, what waits, the docking rates; a caring
person sees the wishes they lit up; nobody sees another county's business."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from donations import services
from donations.models import Drive
from portal.clock import CHINA
from tests.donations.conftest import make_project
from tests.donations.test_wishes_services import make_wish


@pytest.fixture
def busy(dw, time_machine):
    time_machine.move_to(date(2026, 10, 20))
    make_project(dw, publish=False)
    wish = make_wish(dw)
    return wish


def test_county_staff_see_what_is_due(dw, busy, client_for):
    response = client_for(dw.approver).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["donation_to_screen_count"] == 1
    assert [row["object"] for row in response.context["donation_disclosures"]] == [dw.drive]
    assert b'data-testid="donation-home"' in response.content


def test_another_county_sees_none_of_it(dw, busy, client_for):
    response = client_for(dw.neighbour_reporter).get(reverse("home"))
    assert not response.context.get("donation_disclosures")
    assert not response.context.get("donation_to_screen_count")


def test_a_caring_person_sees_their_wishes(dw, busy, client_for):
    services.wish_claim(user=dw.nobody, wish=busy)
    response = client_for(dw.nobody).get(reverse("home"))
    assert response.context["donation_claims"] == [busy]
    assert b'data-testid="donation-claims"' in response.content
    assert "张明礼".encode() not in response.content


def test_the_helping_unit_sees_its_docking_rate(dw, busy, client_for):
    response = client_for(dw.helper).get(reverse("home"))
    (rate,) = response.context["donation_rates"]
    assert (rate["unit"], rate["recorded"], rate["docked"]) == (dw.helping_unit, 1, 0)


def test_the_unit_page_fragment_shows_the_docking_rate(dw, busy):
    from django.template.loader import render_to_string

    from donations.home import unit_context

    context = unit_context(dw.helping_unit)
    assert context["donation_unit_rate"]["recorded"] == 1
    html = render_to_string("donations/_unit.html", context)
    assert 'data-testid="unit-rate" data-rate="0.0"' in html
    assert unit_context(dw.yanchang_bureau) == {"donation_unit_rate": None}


def test_the_unit_page_shows_its_docking_rate(dw, busy, client_for):
    from django.urls import reverse

    page = client_for(dw.helper).get(reverse("unit-detail", args=[dw.helping_unit.pk]))
    assert page.status_code == 200
    assert 'data-testid="unit-docking"' in page.content.decode()
    other = client_for(dw.reporter).get(reverse("unit-detail", args=[dw.yanchang_bureau.pk]))
    assert 'data-testid="unit-docking"' not in other.content.decode()


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer", "province_admin"])
def test_a_drive_due_in_a_year_nobody_entered_yet_does_not_break_the_pages(
    dw, client_for, time_machine, who
):
    # 30 working days after 20 December 2026 fall in 2027, which chinesecalendar 1.11 does
    # not know: the offices' pages still answer, counting Monday to Friday for that year.
    Drive.objects.filter(pk=dw.drive.pk).update(period_end=date(2026, 12, 20))
    project = make_project(dw)
    services.project_end(user=dw.reporter, project=project, ended_on=date(2026, 11, 30))
    time_machine.move_to(datetime(2026, 12, 28, 10, tzinfo=CHINA))
    client = client_for(getattr(dw, who))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    if who in ("reporter", "approver"):
        dues = {row["object"]: row["due"] for row in response.context["donation_disclosures"]}
        assert dues == {dw.drive: date(2027, 1, 29), project: date(2027, 1, 11)}
    assert client.get(reverse("donations:disclosures")).status_code == 200
    assert client.get(reverse("donations:drive-detail", args=[dw.drive.pk])).status_code == 200


def test_a_reporter_is_not_asked_to_screen(dw, busy, client_for):
    # Only the county office's approvers (and administrators over it) screen projects.
    response = client_for(dw.reporter).get(reverse("home"))
    assert response.context["donation_to_screen_count"] == 0
    assert "待筛选" not in response.content.decode()
    assert "waits for screening" not in response.content.decode()

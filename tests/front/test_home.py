"""The home page: each person's units, roles and area, and a menu fitted to their roles."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_script_prefix
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.models import Role
from submissions import services as report_services
from tests.factories import MembershipFactory, RegionFactory, UnitFactory, UserFactory
from tests.submissions.builders import awaiting_report, submitted_report

HOME = reverse("home")
UNIT_LIST = reverse("unit-list")
ADMIN = reverse("admin:index")


def label(choice) -> str:
    """A choice's label as the page shows it (the default language, zh-hans)."""
    with translation.override("zh-hans"):
        return str(choice.label)


def nav_links(response) -> list[str]:
    """The links of the main menu (not the brand, the user menu or the page body)."""
    html = response.content.decode()
    menu = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', html, re.S)
    return re.findall(r'href="([^"]+)"', menu.group(1)) if menu else []


def unit_link(unit) -> str:
    return reverse("unit-detail", args=[unit.pk])


def area_row(region, count) -> str:
    return (
        f'<tr><td><a href="{UNIT_LIST}?region={region.pk}">{region.name}</a></td>'
        f"<td>{region.code or '—'}</td>"
        f'<td class="text-end">{count}</td></tr>'
    )


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(HOME)
    assertRedirects(response, f"{reverse('login')}?next={HOME}", fetch_redirect_response=False)


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(HOME).status_code == 405


@pytest.mark.parametrize(
    ("who", "unit", "role"),
    [
        ("reporter", "yanchang_bureau", Role.REPORTER),
        ("approver", "yanchang_bureau", Role.APPROVER),
        ("neighbour_reporter", "yanchuan_bureau", Role.REPORTER),
        ("city_reviewer", "yanan_office", Role.REVIEWER),
        ("province_reviewer", "province_office", Role.REVIEWER),
        ("province_admin", "province_office", Role.ADMIN),
    ],
)
def test_each_person_sees_their_unit_region_and_role(world, client_for, who, unit, role):
    unit = getattr(world, unit)
    response = client_for(getattr(world, who)).get(HOME)
    assert response.status_code == 200
    assertContains(
        response, f'<a href="{unit_link(unit)}" class="fw-semibold">{unit.name}</a>', html=True
    )
    assertContains(response, unit.region.name)
    assertContains(
        response, f'<span class="badge text-bg-secondary ms-1">{label(role)}</span>', html=True
    )


def test_reporter_sees_only_their_own_unit(world, client_for):
    response = client_for(world.reporter).get(HOME)
    assertContains(response, unit_link(world.yanchang_bureau))
    for other in (world.yanchuan_bureau, world.jingbian_bureau, world.yanan_office):
        assertNotContains(response, unit_link(other))
        assertNotContains(response, other.name)
    # A reporter oversees no area: no table of regions, no link to browse units.
    assertNotContains(response, 'data-testid="area"')
    assertNotContains(response, f'href="{UNIT_LIST}"')
    assertNotContains(response, f'href="{UNIT_LIST}?')


def test_city_reviewer_sees_the_citys_counties_with_unit_counts(world, client_for):
    response = client_for(world.city_reviewer).get(HOME)
    areas = response.context["areas"]
    assert [area["region"] for area in areas] == [world.yanan]
    assert areas[0]["region"].unit_count == 4
    assertContains(response, 'data-testid="area"', count=1)
    assertContains(response, area_row(world.yanchang, 2), html=True)
    assertContains(response, area_row(world.yanchuan, 1), html=True)
    # The other city and its county are not on the page.
    assertNotContains(response, world.yulin.name)
    assertNotContains(response, world.jingbian.name)
    assertContains(response, f'href="{UNIT_LIST}"')


def test_province_sees_its_cities(world, client_for):
    response = client_for(world.province_admin).get(HOME)
    areas = response.context["areas"]
    assert [area["region"] for area in areas] == [world.province]
    assert areas[0]["region"].unit_count == 7
    assertContains(response, area_row(world.yanan, 4), html=True)
    assertContains(response, area_row(world.yulin, 2), html=True)
    # The counties are one level further down: not in the province's table.
    assertNotContains(response, f"{UNIT_LIST}?region={world.yanchang.pk}")


def test_inactive_units_are_not_counted(world, client_for):
    world.yanchang_propaganda.is_active = False
    world.yanchang_propaganda.save()
    response = client_for(world.city_reviewer).get(HOME)
    assertContains(response, area_row(world.yanchang, 1), html=True)


def test_member_of_an_inactive_unit_is_not_shown_it(world, client_for):
    world.yanchang_bureau.is_active = False
    world.yanchang_bureau.save()
    response = client_for(world.reporter).get(HOME)
    assert response.status_code == 200
    assertNotContains(response, unit_link(world.yanchang_bureau))
    assert response.context["memberships"] == []


def test_person_without_units_is_told_so(world, client_for):
    response = client_for(world.nobody).get(HOME)
    assert response.status_code == 200
    assert response.context["memberships"] == []
    assert response.context["areas"] == []
    assertContains(response, 'class="alert alert-warning"')


def test_superuser_sees_every_province(world, client_for):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    other_province = RegionFactory(name="甘肃省", code="620000")
    response = client_for(root).get(HOME)
    regions = [area["region"] for area in response.context["areas"]]
    assert regions == sorted([world.province, other_province], key=lambda r: r.path)


@pytest.mark.parametrize(
    ("who", "units", "admin"),
    [
        ("reporter", False, False),
        ("approver", False, False),
        ("nobody", False, False),
        ("city_reviewer", True, False),
        ("other_city_reviewer", True, False),
        ("province_reviewer", True, False),
        ("province_admin", True, True),
    ],
)
def test_menu_fits_the_roles(world, client_for, who, units, admin):
    links = nav_links(client_for(getattr(world, who)).get(HOME))
    assert links[0] == HOME
    assert (UNIT_LIST in links) is units
    assert (ADMIN in links) is admin


def test_reporters_menu_leads_to_their_own_unit(world, client_for):
    links = nav_links(client_for(world.reporter).get(HOME))
    assert unit_link(world.yanchang_bureau) in links


def test_two_roles_in_one_unit_still_lead_to_that_unit(world, client_for):
    MembershipFactory(user=world.reporter, unit=world.yanchang_bureau, role=Role.APPROVER)
    links = nav_links(client_for(world.reporter).get(HOME))
    assert unit_link(world.yanchang_bureau) in links
    assert UNIT_LIST not in links


def test_member_of_two_units_is_led_to_the_list_of_them(world, client_for):
    MembershipFactory(user=world.reporter, unit=world.yanchang_propaganda, role=Role.REPORTER)
    client = client_for(world.reporter)
    assert UNIT_LIST in nav_links(client.get(HOME))
    response = client.get(UNIT_LIST)
    assert set(response.context["page"]) == {world.yanchang_bureau, world.yanchang_propaganda}


def test_staff_without_admin_role_gets_no_administration_link(world, client_for):
    world.city_reviewer.is_staff = True
    world.city_reviewer.save()
    assert ADMIN not in nav_links(client_for(world.city_reviewer).get(HOME))


def test_admin_role_without_staff_flag_gets_no_administration_link(world, client_for):
    world.province_admin.is_staff = False
    world.province_admin.save()
    links = nav_links(client_for(world.province_admin).get(HOME))
    assert ADMIN not in links
    assert UNIT_LIST in links


def test_superuser_menu(world, client_for):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    links = nav_links(client_for(root).get(HOME))
    assert UNIT_LIST in links
    assert ADMIN in links


def test_the_menus_links_follow_the_script_prefix(world, client_for):
    client = client_for(world.province_admin)
    plain = nav_links(client.get(HOME))
    with override_script_prefix("/portal/"):
        prefixed = nav_links(client.get(HOME))
    assert prefixed == ["/portal" + link for link in plain]
    assert nav_links(client.get(HOME)) == plain


@pytest.mark.parametrize("who", ["reporter", "province_admin"])
def test_a_page_that_does_nothing_else_costs_four_queries(world, client_for, who):
    """What every page of a signed-in person pays: the session, the person, their
    memberships (the menu, and the scope of whatever the page shows) and the bell's count."""
    client = client_for(getattr(world, who))
    client.get("/no-such-page/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/no-such-page/").status_code == 404
    assert [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries] == [
        "django_session",
        "portal_user",
        "portal_membership",
        "notifications_notification",
    ]


@pytest.mark.parametrize("who", ["reporter", "province_admin"])
def test_home_reads_the_memberships_once(world, client_for, who):
    client = client_for(getattr(world, who))
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    assert sum('FROM "portal_membership"' in q["sql"] for q in queries) == 1


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def _add_units(world, start: int, stop: int):
    counties = [world.yanchang, world.yanchuan, world.jingbian, world.qilicun]
    for i in range(start, stop):
        UnitFactory(name=f"测试单位{i}", region=counties[i % len(counties)])


@pytest.mark.parametrize("who", ["province_admin", "city_reviewer", "reporter"])
def test_home_queries_stay_flat_as_units_grow(world, client_for, who):
    client = client_for(getattr(world, who))
    _home_queries(client)  # the session and the language settle on the first request
    _add_units(world, 0, 5)
    few = _home_queries(client)
    _add_units(world, 5, 50)
    many = _home_queries(client)
    assert few == many


def test_home_queries_stay_flat_as_cities_grow(world, client_for):
    client = client_for(world.province_admin)
    _home_queries(client)
    for i in range(2):
        UnitFactory(region=RegionFactory(name=f"新市{i}", level="city", parent=world.province))
    few = _home_queries(client)
    for i in range(2, 20):
        UnitFactory(region=RegionFactory(name=f"新市{i}", level="city", parent=world.province))
    assert _home_queries(client) == few


# --- What came back to the person: the first of their to-dos ---------------------------


def _return(world, report, comment="请补充第2条的刊发截图"):
    report_services.report_return(
        report=report, user=world.city_reviewer, version=report.version, comment=comment
    )


def test_a_returned_report_is_the_reporters_first_todo(world, client_for):
    report = submitted_report(world, n_items=1)
    _return(world, report)
    page = client_for(world.reporter).get(HOME).content.decode()
    detail = reverse("submissions:report-detail", args=[report.pk])
    first = page.index('data-testid="todo-returned"')
    # Above every other to-do: the quarter's card, the campaigns, the donations.
    for other in ('data-testid="quarter-card"', 'data-testid="campaign-assignments"'):
        assert other not in page or page.index(other) > first
    row = page[first:].split("</li>")[0]
    assert detail in row
    assert "请补充第2条的刊发截图" in row
    assert label_text("Returned by the reviewer") in row


def test_a_report_sent_back_by_the_approver_is_the_reporters_first_todo(world, client_for):
    report = awaiting_report(world, n_items=1)
    report_services.report_send_back(
        report=report, user=world.approver, version=report.version, comment="剪报不清晰"
    )
    page = client_for(world.reporter).get(HOME).content.decode()
    row = page[page.index('data-testid="todo-returned"') :].split("</li>")[0]
    assert reverse("submissions:report-detail", args=[report.pk]) in row
    assert label_text("Sent back by the approver") in row


def test_only_the_units_reporters_see_what_came_back(world, client_for):
    _return(world, submitted_report(world, n_items=1))
    for who in ("approver", "neighbour_reporter", "city_reviewer"):
        page = client_for(getattr(world, who)).get(HOME).content.decode()
        assert 'data-testid="came-back"' not in page, who


def test_a_report_handed_on_again_leaves_the_list(world, client_for):
    report = submitted_report(world, n_items=1)
    _return(world, report)
    report.refresh_from_db()
    report_services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    page = client_for(world.reporter).get(HOME).content.decode()
    assert 'data-testid="came-back"' not in page


def test_home_queries_stay_flat_as_returned_reports_grow(world, client_for):
    client = client_for(world.reporter)
    _home_queries(client)
    _return(world, submitted_report(world, n_items=1, quarter=1))
    few = _home_queries(client)
    for quarter in (2, 3):
        _return(world, submitted_report(world, n_items=1, quarter=quarter))
    assert _home_queries(client) == few


def label_text(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)

"""The unit's quarterly reports: the quarter to file now, its deadline, and the past ones."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.clock import CHINA
from submissions import services
from tests.submissions.builders import draft_report, submitted_report

URL = reverse("submissions:my-reports")
# Five days before the 2026 Q3 deadline (10 October).
IN_Q3_WINDOW = datetime(2026, 10, 5, 9, 0, tzinfo=CHINA)


def start_url(unit, year=2026, quarter=3):
    return reverse("submissions:report-start", args=[unit.pk, year, quarter])


def test_anonymous_is_sent_to_login(client, db):
    assertRedirects(
        client.get(URL), f"{reverse('login')}?next={URL}", fetch_redirect_response=False
    )


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(URL).status_code == 405


@time_machine.travel(IN_Q3_WINDOW, tick=False)
def test_reporter_sees_the_quarter_to_file_and_its_deadline(world, client_for):
    response = client_for(world.reporter).get(URL)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["unit"] == world.yanchang_bureau
    assert (response.context["year"], response.context["quarter"]) == (2026, 3)
    assert row["due"] == date(2026, 10, 10)
    assert row["days_left"] == 5
    assert row["current"] is None
    assertContains(response, "延长县扶贫开发局")
    assertContains(response, start_url(world.yanchang_bureau))


@time_machine.travel(IN_Q3_WINDOW, tick=False)
def test_an_extension_moves_the_deadline_shown(world, client_for):
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="国庆假期顺延",
        user=world.province_admin,
        unit=world.yanchang_bureau,
    )
    (row,) = client_for(world.reporter).get(URL).context["rows"]
    assert row["due"] == date(2026, 10, 20)
    assert row["days_left"] == 15


@time_machine.travel(IN_Q3_WINDOW, tick=False)
def test_approver_sees_the_state_but_cannot_start(world, client_for):
    response = client_for(world.approver).get(URL)
    assert response.status_code == 200
    assertContains(response, "延长县扶贫开发局")
    assertNotContains(response, start_url(world.yanchang_bureau))


@time_machine.travel(IN_Q3_WINDOW, tick=False)
def test_a_started_report_is_shown_with_its_state(world, client_for):
    report = draft_report(world, n_items=4)
    response = client_for(world.reporter).get(URL)
    (row,) = response.context["rows"]
    assert row["current"] == report
    assert row["current"].item_count == 4
    assertNotContains(response, 'data-testid="start-report"')
    assertContains(response, reverse("submissions:report-detail", args=[report.pk]))


def test_past_reports_are_listed_with_counts_and_timeliness(world, client_for):
    with time_machine.travel(datetime(2026, 4, 8, 10, 0, tzinfo=CHINA), tick=False):
        on_time = submitted_report(world, n_items=3, year=2026, quarter=1)
    with time_machine.travel(datetime(2026, 7, 11, 10, 0, tzinfo=CHINA), tick=False):
        late = submitted_report(world, n_items=5, year=2026, quarter=2)
    with time_machine.travel(IN_Q3_WINDOW, tick=False):
        response = client_for(world.reporter).get(URL)
    (row,) = response.context["rows"]
    assert row["past"] == [late, on_time]
    assert [r.item_count for r in row["past"]] == [5, 3]
    html = response.content.decode()
    table = html[html.index('data-testid="past-reports"') :]
    assert table.count('class="badge text-bg-danger"') == 1  # the late one
    assert reverse("submissions:report-detail", args=[on_time.pk]) in table


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_reviewers_without_a_unit_role_are_pointed_at_the_queue(world, client_for, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assertContains(response, 'data-testid="no-units"')
    assertContains(response, reverse("submissions:queue"))
    assert "rows" not in response.context


def test_someone_without_roles_gets_the_short_page_without_the_queue(world, client_for):
    response = client_for(world.nobody).get(URL)
    assertContains(response, 'data-testid="no-units"')
    assertNotContains(response, reverse("submissions:queue"))


def test_other_units_reports_are_not_listed(world, client_for):
    submitted_report(
        world,
        unit=world.jingbian_bureau,
        reporter=world.outsider_reporter,
        approver=_approver_for(world.jingbian_bureau),
    )
    response = client_for(world.reporter).get(URL)
    assert [row["unit"] for row in response.context["rows"]] == [world.yanchang_bureau]
    assertNotContains(response, "靖边县扶贫开发局")


@pytest.mark.parametrize(("who", "shown"), [("reporter", True), ("city_reviewer", False)])
def test_the_menu_links_here_for_reporters_and_approvers(world, client_for, who, shown):
    response = client_for(getattr(world, who)).get(reverse("home"))
    assert (f'href="{URL}"' in response.content.decode()) is shown


def _approver_for(unit):
    from portal.models import Role
    from tests.factories import person

    return person("jingbian_approver", unit, Role.APPROVER)

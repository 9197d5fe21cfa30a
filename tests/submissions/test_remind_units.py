"""The completeness page's remind buttons: POST /reports/remind/."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from notifications.models import EmailStatus, Notification, Reminder
from portal.clock import CHINA
from tests.submissions.builders import submitted_report

URL = reverse("submissions:remind")
COMPLETENESS = reverse("submissions:completeness")
Q3 = {"year": 2026, "quarter": 3}


@pytest.fixture(autouse=True)
def oct_15():
    """2026 Q3 was due on 10 October: on the 15th the units that have not filed are late."""
    with time_machine.travel(datetime(2026, 10, 15, 10, 0, tzinfo=CHINA), tick=True):
        yield


def reminded(*people):
    return set(Reminder.objects.filter(person__in=people).values_list("person__username", "step"))


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, Q3)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.city_reviewer).get(URL).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver", "nobody"])
def test_units_staff_may_not_remind(world, client_for, who):
    response = client_for(getattr(world, who)).post(URL, Q3)
    assert response.status_code == 403
    assert not Reminder.objects.exists()


def test_another_citys_unit_is_not_found(world, client_for):
    response = client_for(world.city_reviewer).post(URL, {**Q3, "unit": world.jingbian_bureau.pk})
    assert response.status_code == 404
    assert not Reminder.objects.exists()


def test_a_bad_period_is_not_found(world, client_for):
    response = client_for(world.city_reviewer).post(URL, {"year": 2026, "quarter": 5})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_remind_one_unit(world, client_for, who):
    response = client_for(getattr(world, who)).post(URL, {**Q3, "unit": world.yanchang_bureau.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{COMPLETENESS}?year=2026&quarter=3"
    assert reminded(world.reporter, world.approver, world.neighbour_reporter) == {
        ("reporter", "manual-2026-10-15"),
        ("approver", "manual-2026-10-15"),
    }
    notification = Notification.objects.get(recipient=world.reporter)
    assert notification.kind == "overdue"
    assert Reminder.objects.get(person=world.reporter).sent_by == getattr(world, who)


def test_remind_all_missing_in_ones_area(world, client_for):
    client_for(world.city_reviewer).post(URL, Q3)
    assert {r.person.username for r in Reminder.objects.select_related("person")} == {
        "reporter",
        "approver",
        "neighbour",
    }


def test_a_double_click_reminds_once(world, client_for):
    client = client_for(world.city_reviewer)
    client.post(URL, Q3)
    client.post(URL, Q3)
    assert Reminder.objects.filter(person=world.reporter).count() == 1
    assert Notification.objects.filter(recipient=world.reporter).count() == 1


def test_a_unit_that_filed_is_not_reminded(world, client_for):
    submitted_report(world, n_items=1)
    client_for(world.city_reviewer).post(URL, {**Q3, "unit": world.yanchang_bureau.pk})
    assert not Reminder.objects.exists()


def test_completeness_shows_last_reminded_and_buttons_for_units_not_filed(world, client_for):
    submitted_report(world, n_items=1)  # 延长县 has filed
    client = client_for(world.city_reviewer)
    client.post(URL, {**Q3, "unit": world.yanchuan_bureau.pk})
    body = client.get(COMPLETENESS + "?year=2026&quarter=3").content.decode()

    def cell(unit):
        row = body.split(f'data-unit="{unit.pk}"')[1].split("</tr>")[0]
        return row.split('data-testid="last-reminded"')[1]

    assert "2026年10月15日 10:0" in cell(world.yanchuan_bureau)  # DATETIME_FORMAT, as on every page
    assert 'data-testid="remind-unit"' in cell(world.yanchuan_bureau)
    assert "2026年10月15日" not in cell(world.yanchang_bureau)
    assert 'data-testid="remind-unit"' not in cell(world.yanchang_bureau)
    assert 'data-testid="remind-all"' in body


def test_the_page_keeps_working_when_the_broker_is_down(
    world, client_for, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(world.city_reviewer).post(
            URL, {**Q3, "unit": world.yanchang_bureau.pk}
        )
    assert response.status_code == 302
    # The mail task it tried to queue (both mails), beside what other writes run after
    # their commit (sealing the journal, a policy cached).
    queued = [c for c in callbacks if c.__qualname__.startswith("enqueue.")]
    assert len(queued) == 1
    # The reminders are in the portal; their mail waits for the next run.
    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    assert Reminder.objects.get(person=world.reporter).email_status == EmailStatus.PENDING

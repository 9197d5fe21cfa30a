"""The reviewer queue: reports in the reviewer's scope, filters, sorting, who holds each
report and for how long, and the count of what waits (for the home page)."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.clock import CHINA
from portal.models import Role
from submissions.models import ReportStatus
from submissions.selectors.queue import waiting_count
from tests.factories import person
from tests.submissions.builders import awaiting_report, draft_report, submitted_report

QUEUE = reverse("submissions:queue")


def zh(text: str) -> str:
    """A message as the page shows it (the default language, zh-hans)."""
    with translation.override("zh-hans"):
        return gettext(text)


def rows(response) -> list:
    return list(response.context["rows"])


def units_listed(response) -> list[str]:
    return [row.unit.name for row in rows(response)]


def jingbian_report(world, **kwargs):
    """A submitted report of 靖边县 (in the other city, 榆林市)."""
    approver = person("jingbian_approver", world.jingbian_bureau, Role.APPROVER)
    return submitted_report(
        world,
        unit=world.jingbian_bureau,
        reporter=world.outsider_reporter,
        approver=approver,
        **kwargs,
    )


def test_anonymous_is_sent_to_login(world, client):
    assertRedirects(client.get(QUEUE), f"{reverse('login')}?next={QUEUE}")


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.city_reviewer).post(QUEUE).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver", "outsider_reporter", "nobody"])
def test_people_who_do_not_review_get_403(world, client_for, who):
    assert client_for(getattr(world, who)).get(QUEUE).status_code == 403


def test_city_reviewer_sees_the_reports_of_its_counties_only(world, client_for):
    report = submitted_report(world, n_items=3)
    jingbian_report(world, n_items=1)
    response = client_for(world.city_reviewer).get(QUEUE)
    assert response.status_code == 200
    assert units_listed(response) == [world.yanchang_bureau.name]
    assertContains(response, reverse("submissions:report-review", args=[report.pk]))
    assertNotContains(response, world.jingbian_bureau.name)


def test_other_city_reviewer_does_not_see_yanchang(world, client_for):
    submitted_report(world, n_items=1)
    response = client_for(world.other_city_reviewer).get(QUEUE)
    assert response.status_code == 200
    assert units_listed(response) == []
    assertNotContains(response, world.yanchang_bureau.name)


def test_province_reviewer_sees_every_city(world, client_for):
    submitted_report(world, n_items=1)
    jingbian_report(world, n_items=1)
    response = client_for(world.province_reviewer).get(QUEUE)
    assert sorted(units_listed(response)) == sorted(
        [world.yanchang_bureau.name, world.jingbian_bureau.name]
    )


def test_a_row_shows_city_counts_submission_and_late_badge(world, client_for):
    report = submitted_report(world, n_items=4)  # 2026 Q3, signed off after 10 October: late
    response = client_for(world.city_reviewer).get(QUEUE)
    (row,) = rows(response)
    assert row.city == world.yanan
    assert (row.item_count, row.pending_count, row.adopted_count) == (4, 4, 0)
    html = response.content.decode()
    assert world.yanan.name in html
    # The portal's one date-time format (DATETIME_FORMAT), as the reporter's pages show it.
    with translation.override("zh-hans"):
        assert date_format(report.submitted_at.astimezone(CHINA), "DATETIME_FORMAT") in html
    assertContains(response, '<td class="text-end">4</td>', count=2)  # items, not reviewed
    assertContains(response, zh("Late"))


def test_item_counts_follow_the_review(world, client_for):
    from submissions import services

    report = submitted_report(world, n_items=3)
    first = report.items.order_by("pk").first()
    services.item_review(
        item=first, user=world.city_reviewer, result="adopted", version=first.version
    )
    (row,) = rows(client_for(world.city_reviewer).get(QUEUE))
    assert (row.item_count, row.pending_count, row.adopted_count) == (3, 2, 1)


def test_who_holds_each_report_and_for_how_long(world, client_for):
    start = datetime(2026, 10, 20, 9, 0, tzinfo=CHINA)
    with time_machine.travel(start, tick=False) as traveller:
        submitted_report(world, n_items=1)
        awaiting_report(world, n_items=1, quarter=2)
        draft_report(world, n_items=1, quarter=1)
        traveller.shift(timedelta(days=3, hours=2))
        response = client_for(world.city_reviewer).get(QUEUE, {"status": ""})
    holders = {row.status: (row.holder, row.waiting) for row in rows(response)}
    assert holders[ReportStatus.SUBMITTED][0] == zh("reviewers")
    assert holders[ReportStatus.AWAITING_SIGNOFF][0] == zh("the unit's approver")
    # A draft waits on the unit; nobody handed it anywhere yet, so no time is shown.
    assert holders[ReportStatus.DRAFT] == (zh("the unit"), "")
    cells = re.findall(r'data-testid="holder">(.*?)</td>', response.content.decode())
    for status in (ReportStatus.SUBMITTED, ReportStatus.AWAITING_SIGNOFF):
        holder, waiting = holders[status]
        assert waiting.startswith("3"), waiting  # 3 days, not 3 days 2 hours
        assert any(holder in cell and waiting in cell for cell in cells), cells


def test_holder_of_a_returned_report_is_the_unit(world, client_for):
    from submissions import services

    report = submitted_report(world, n_items=1)
    services.report_return(
        report=report, user=world.city_reviewer, version=report.version, comment="补充截图"
    )
    response = client_for(world.city_reviewer).get(QUEUE, {"status": ReportStatus.RETURNED})
    (row,) = rows(response)
    assert row.holder == zh("the unit")
    assert row.waiting


def test_default_is_submitted_and_status_filter_shows_others(world, client_for):
    submitted_report(world, n_items=1, quarter=3)
    draft_report(world, n_items=1, quarter=2)
    client = client_for(world.city_reviewer)
    assert [r.status for r in rows(client.get(QUEUE))] == [ReportStatus.SUBMITTED]
    assert [r.status for r in rows(client.get(QUEUE, {"status": "draft"}))] == ["draft"]
    assert len(rows(client.get(QUEUE, {"status": ""}))) == 2


def test_filter_by_year_and_quarter(world, client_for):
    submitted_report(world, n_items=1, year=2026, quarter=2)
    submitted_report(world, n_items=1, year=2026, quarter=3)
    submitted_report(world, n_items=1, year=2025, quarter=3)
    client = client_for(world.city_reviewer)
    picked = rows(client.get(QUEUE, {"year": 2026, "quarter": 3}))
    assert [(r.year, r.quarter) for r in picked] == [(2026, 3)]
    assert len(rows(client.get(QUEUE, {"quarter": 3}))) == 2
    assert len(rows(client.get(QUEUE, {"year": 2025}))) == 1


def test_filter_by_city(world, client_for):
    submitted_report(world, n_items=1)
    jingbian_report(world, n_items=1)
    client = client_for(world.province_reviewer)
    assert units_listed(client.get(QUEUE, {"city": world.yanan.pk})) == [world.yanchang_bureau.name]
    assert units_listed(client.get(QUEUE, {"city": world.yulin.pk})) == [world.jingbian_bureau.name]


def test_city_choices_are_the_reviewers_own(world, client_for):
    submitted_report(world, n_items=1)
    response = client_for(world.city_reviewer).get(QUEUE)
    choices = list(response.context["filter_form"].fields["city"].choices)
    assert choices == [("", zh("All cities")), (world.yanan.pk, world.yanan.name)]
    assertContains(response, f'<option value="{world.yanan.pk}">{world.yanan.name}</option>')
    assertNotContains(response, world.yulin.name)
    # Another city's id is not a valid choice: the filter is ignored, nothing leaks.
    response = client_for(world.city_reviewer).get(QUEUE, {"city": world.yulin.pk})
    assert response.status_code == 200
    assert units_listed(response) == [world.yanchang_bureau.name]


@time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=CHINA), tick=False)
def test_year_choices_run_from_the_first_report_or_2014_to_this_year(world, client_for):
    client = client_for(world.city_reviewer)

    def years(response):
        return [value for value, _label in response.context["filter_form"].fields["year"].choices]

    assert years(client.get(QUEUE)) == ["", *range(2026, 2013, -1)]
    # A report from before the campaign (anyone's: the first year is read unscoped, from
    # an index) brings its year into the list; the filter still shows only what is in scope.
    submitted_report(world, n_items=1, year=2012, quarter=4)
    jingbian_report(world, n_items=1, year=2011, quarter=1)
    response = client.get(QUEUE)
    assert years(response) == ["", *range(2026, 2010, -1)]
    assert units_listed(client.get(QUEUE, {"year": 2012})) == [world.yanchang_bureau.name]
    assert units_listed(client.get(QUEUE, {"year": 2011})) == []


def test_filter_late_or_on_time(world, client_for):
    with time_machine.travel(datetime(2026, 7, 5, 10, 0, tzinfo=CHINA), tick=False):
        submitted_report(world, n_items=1, quarter=2)  # due 10 July: on time
    submitted_report(world, n_items=1, quarter=3)  # due 10 October, signed off later: late
    client = client_for(world.city_reviewer)
    late = rows(client.get(QUEUE, {"timeliness": "late"}))
    on_time = rows(client.get(QUEUE, {"timeliness": "on_time"}))
    assert [(r.quarter, r.is_late) for r in late] == [(3, True)]
    assert [(r.quarter, r.is_late) for r in on_time] == [(2, False)]
    response = client.get(QUEUE, {"timeliness": "on_time"})
    assertContains(response, zh("On time"))


def test_sorting(world, client_for):
    with time_machine.travel(datetime(2026, 10, 20, 9, 0, tzinfo=CHINA), tick=False):
        small = submitted_report(world, n_items=1, quarter=3)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=CHINA), tick=False):
        big = submitted_report(world, n_items=4, quarter=2)
    client = client_for(world.city_reviewer)

    def order(o):
        return [r.pk for r in rows(client.get(QUEUE, {"o": o}))]

    assert order("-items") == [big.pk, small.pk]
    assert order("items") == [small.pk, big.pk]
    assert order("waiting") == [small.pk, big.pk]  # waiting longest first
    assert order("-waiting") == [big.pk, small.pk]
    assert order("-submitted") == [big.pk, small.pk]
    assert order("submitted") == [small.pk, big.pk]
    assert order("unit") == order("-unit")[::-1] or len({small.unit_id, big.unit_id}) == 1
    # The default: the report waiting longest comes first.
    assert [r.pk for r in rows(client.get(QUEUE))] == [small.pk, big.pk]


def test_bad_filter_values_do_not_break_the_page(world, client_for):
    submitted_report(world, n_items=1)
    response = client_for(world.city_reviewer).get(
        QUEUE, {"year": "abc", "quarter": "9", "city": "x", "o": "password", "page": "zz"}
    )
    assert response.status_code == 200
    assert units_listed(response) == [world.yanchang_bureau.name]


def test_waiting_count(world):
    submitted_report(world, n_items=1, quarter=3)
    submitted_report(world, n_items=1, quarter=2)
    draft_report(world, n_items=1, quarter=1)
    jingbian_report(world, n_items=1)
    assert waiting_count(world.city_reviewer) == 2
    assert waiting_count(world.province_reviewer) == 3
    assert waiting_count(world.other_city_reviewer) == 1
    assert waiting_count(world.reporter) == 0


def _submitted_reports(world, start: int, stop: int) -> None:
    """Submitted reports of 延长县 number start..stop-1, counting quarters back from 2026 Q3."""
    for n in range(start, stop):
        back = n + 1  # 2026 Q3 is quarter index 2026 * 4 + 2
        index = 2026 * 4 + 3 - back
        submitted_report(world, n_items=1, year=index // 4, quarter=index % 4 + 1)


def _queue_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(queries)


def test_queries_stay_flat_and_pages_hold_50(world, client_for):
    client = client_for(world.province_reviewer)
    _submitted_reports(world, 0, 10)
    _queue_queries(client)  # the session and the language settle on the first request
    few = _queue_queries(client)
    _submitted_reports(world, 10, 100)
    many = _queue_queries(client)
    assert many == few
    # Filtering, by a city among them, costs no query more, and the first year no scan.
    assert _queue_queries(client, {"city": world.yanan.pk, "year": 2026, "o": "-items"}) == few
    response = client.get(QUEUE)
    assert len(rows(response)) == 50
    assert response.context["page"].paginator.count == 100
    assert len(rows(client.get(QUEUE, {"page": 2}))) == 50

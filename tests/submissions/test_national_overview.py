"""Completeness and the assessment for a national office: a row per province, counted in
the database, each leading to the province's own page, which is the province office's."""

import re
from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from portal.clock import CHINA
from portal.models import UnitKind
from submissions import services
from submissions.models import (
    MediaLevel,
    MediaType,
    ReportTotals,
    ReviewResult,
    ScoringRule,
    ScoringYear,
)
from submissions.selectors.overview import UnitState
from submissions.selectors.reminders import last_reminded
from tests.factories import UnitFactory, UserFactory
from tests.national import two_provinces
from tests.submissions.builders import adopt_all, draft_report, submitted_report

COMPLETENESS = reverse("submissions:completeness")
ASSESSMENT = reverse("submissions:assessment")
Q3 = "?year=2026&quarter=3"
Y2026 = "?year=2026"


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=CHINA), tick=False)


@pytest.fixture
def boss(db):
    """A superuser who files for the units without an approver of their own."""
    return UserFactory(username="boss", is_superuser=True)


@pytest.fixture
def nation(world):
    return two_provinces(world)


@pytest.fixture
def quarter(world, nation, boss):
    """2026 Q3: in Shaanxi 延长 on time, 靖边 late, 延川 a draft; in Gansu 永登 late."""
    with at(2026, 10, 9, 10, 0):
        submitted_report(world, n_items=2)
        draft_report(
            world, n_items=1, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter
        )
    with at(2026, 10, 12, 9, 0):
        submitted_report(world, n_items=3, unit=world.jingbian_bureau, reporter=boss, approver=boss)
        submitted_report(world, n_items=1, unit=nation["yongdeng"], reporter=boss, approver=boss)


@pytest.fixture
def year_2026(world, nation, boss):
    """Adopted in 2026: 延长 (3 items) and 靖边 (2 of 3) in Shaanxi, 永登 (4) in Gansu;
    points from the year's rules, one set by hand."""
    rules = ScoringYear.objects.create(
        year=2026, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal("2")
    )
    for level, media_type, points in [
        (MediaLevel.MUNICIPAL, MediaType.NEWSPAPER, "2"),
        (MediaLevel.PROVINCIAL, MediaType.NEWSPAPER, "4.25"),
        (MediaLevel.CENTRAL, MediaType.ONLINE, "8"),
    ]:
        ScoringRule.objects.create(
            scoring_year=rules, media_level=level, media_type=media_type, points=Decimal(points)
        )
    shaanxi = world.province_reviewer
    adopt_all(submitted_report(world, n_items=3), shaanxi)
    jingbian = submitted_report(
        world, n_items=3, unit=world.jingbian_bureau, reporter=world.outsider_reporter,
        approver=boss,
    )  # fmt: skip
    first, second, third = jingbian.items.order_by("pk")
    services.item_review(
        item=first, user=shaanxi, result=ReviewResult.ADOPTED, version=first.version,
        points_override=Decimal("10.5"), override_reason="央视转载",
    )  # fmt: skip
    services.item_review(item=second, user=shaanxi, result=ReviewResult.ADOPTED,
                         version=second.version)  # fmt: skip
    services.item_review(item=third, user=shaanxi, result=ReviewResult.REJECTED,
                         version=third.version, reason="与上季度重复")  # fmt: skip
    jingbian.refresh_from_db()
    services.report_adopt(report=jingbian, user=shaanxi, version=jingbian.version)
    adopt_all(
        submitted_report(world, n_items=4, unit=nation["yongdeng"], reporter=boss, approver=boss),
        nation["gansu_reviewer"],
    )


def counts(html: str, attribute: str, key) -> dict[str, int]:
    """State → count in the row `attribute`="key" (a city or province totals row)."""
    start = html.index(f'{attribute}="{key}"')
    row = html[start : html.index("</tr>", start)]
    return {state: int(n) for state, n in re.findall(r'data-state="(\w+)">(\d+)<', row)}


def unit_states(html: str) -> dict[int, str]:
    return {int(pk): s for pk, s in re.findall(r'data-unit="(\d+)" data-state="(\w+)"', html)}


def between(html: str, start: str, end: str) -> str:
    """The text from `start` to `end`, without the forms' CSRF tokens (each page has its own)."""
    first = html.index(start)
    return re.sub(
        r'name="csrfmiddlewaretoken" value="\w+"', "", html[first : html.index(end, first)]
    )


# Completeness --------------------------------------------------------------------------


def test_the_national_office_sees_a_row_per_province(world, nation, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        national = client_for(nation["national_reviewer"]).get(COMPLETENESS + Q3).text
    assert 'data-testid="province-totals"' in national
    assert gettext("Per province") in national and gettext("All provinces") in national
    # No unit rows: the provinces' pages have them.
    assert not unit_states(national)
    assert 'data-testid="units"' not in national
    for province in (nation["shaanxi"], nation["gansu"]):
        assert f"?year=2026&amp;quarter=3&amp;region={province.pk}" in national


@pytest.mark.parametrize(("province", "reviewer"), [("shaanxi", None), ("gansu", "gansu_reviewer")])
def test_a_provinces_row_adds_up_its_offices_page(world, nation, client_for, quarter, province,
                                                  reviewer):  # fmt: skip
    reviewer = nation[reviewer] if reviewer else world.province_reviewer
    with at(2026, 10, 15, 12, 0):
        national = client_for(nation["national_reviewer"]).get(COMPLETENESS + Q3).text
        own = client_for(reviewer).get(COMPLETENESS + Q3)
    row = counts(national, "data-province", nation[province].pk)
    # The province's own page: its "all cities" row, and its units one by one.
    assert row == counts(own.text, "data-city", "all")
    by_state = dict.fromkeys(UnitState.values, 0)
    for state in unit_states(own.text).values():
        by_state[state] += 1
    assert row == by_state


def test_the_expected_states_per_province(world, nation, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        response = client_for(nation["national_reviewer"]).get(COMPLETENESS + Q3)
    shaanxi = counts(response.text, "data-province", nation["shaanxi"].pk)
    gansu = counts(response.text, "data-province", nation["gansu"].pk)
    # 延长 on time, 靖边 late, 延川 (a draft), 延安市 and 榆林市 missing.
    assert (shaanxi["on_time"], shaanxi["late"], shaanxi["missing"]) == (1, 1, 3)
    assert (gansu["late"], gansu["missing"], sum(gansu.values())) == (1, 1, 2)
    overall = counts(response.text, "data-province", "all")
    assert overall == {state: shaanxi[state] + gansu[state] for state in overall}
    assert response.context["data"].overall.filed == 3


def test_an_extension_counts_as_on_the_units_page(world, nation, client_for, boss):
    """A unit's own extension keeps it from missing in the province's row too."""
    services.deadline_extend(
        year=2026, quarter=3, due_date=datetime(2026, 10, 20).date(), reason="换届交接",
        user=boss, unit=world.yulin_office,
    )  # fmt: skip
    with at(2026, 10, 15, 12, 0):
        national = client_for(nation["national_reviewer"]).get(COMPLETENESS + Q3).text
        own = client_for(world.province_reviewer).get(COMPLETENESS + Q3).text
    row = counts(national, "data-province", nation["shaanxi"].pk)
    assert row["not_started"] == 1
    assert row == counts(own, "data-city", "all")


def test_the_narrowed_page_is_the_province_offices_page(world, nation, client_for, quarter):
    narrowed_url = COMPLETENESS + Q3 + f"&region={nation['gansu'].pk}"
    with at(2026, 10, 15, 12, 0):
        narrowed = client_for(nation["national_reviewer"]).get(narrowed_url)
        own = client_for(nation["gansu_reviewer"]).get(COMPLETENESS + Q3)
    assert narrowed.status_code == 200
    assert (
        unit_states(narrowed.text)
        == unit_states(own.text)
        == {
            nation["yongdeng"].pk: "late",
            nation["gaolan"].pk: "missing",
        }
    )
    # The same city totals and unit rows (the remind buttons carry the province besides).
    start, end = 'data-testid="city-totals"', "</table>"
    assert between(narrowed.text, start, end) == between(own.text, start, end)
    units = between(narrowed.text, 'data-testid="units"', "</table>")
    own_units = between(own.text, 'data-testid="units"', "</table>")
    assert units.replace(f'<input type="hidden" name="region" value="{nation["gansu"].pk}">', "") \
        == own_units  # fmt: skip
    assert 'data-testid="all-provinces"' in narrowed.text


def test_a_province_reviewers_page_is_unchanged(world, nation, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        response = client_for(world.province_reviewer).get(COMPLETENESS + Q3)
    assert 'data-testid="province-totals"' not in response.text
    assert 'data-testid="all-provinces"' not in response.text
    assert set(unit_states(response.text)) == {
        world.yanan_office.pk, world.yanchang_bureau.pk, world.yanchuan_bureau.pk,
        world.yulin_office.pk, world.jingbian_bureau.pk,
    }  # fmt: skip


@pytest.mark.parametrize("url", [COMPLETENESS, ASSESSMENT])
def test_guessing_another_province_is_a_404(world, nation, client_for, url):
    gansu, shaanxi = nation["gansu"].pk, nation["shaanxi"].pk
    assert client_for(world.province_reviewer).get(f"{url}?region={gansu}").status_code == 404
    assert client_for(nation["gansu_reviewer"]).get(f"{url}?region={shaanxi}").status_code == 404
    assert client_for(world.city_reviewer).get(f"{url}?region={shaanxi}").status_code == 404
    # The Excel export too.
    xlsx = f"{url}?region={gansu}&format=xlsx"
    assert client_for(world.province_reviewer).get(xlsx).status_code == 404
    # Their own province is their own page.
    assert client_for(world.province_reviewer).get(f"{url}?region={shaanxi}").status_code == 200


@pytest.mark.parametrize("region", ["city", "nation", "abc", "", "99999999"])
def test_only_a_province_may_be_chosen(world, nation, client_for, region):
    value = {"city": world.yanan.pk, "nation": nation["nation"].pk}.get(region, region)
    response = client_for(nation["national_reviewer"]).get(f"{COMPLETENESS}?region={value}")
    assert response.status_code == 404


def test_the_national_export_lists_every_unit(world, nation, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        response = client_for(nation["national_reviewer"]).get(COMPLETENESS + Q3 + "&format=xlsx")
        narrowed = client_for(nation["national_reviewer"]).get(
            COMPLETENESS + Q3 + f"&region={nation['gansu'].pk}&format=xlsx"
        )
    names = {row[1] for row in load_workbook(BytesIO(response.content)).worksheets[0].values}
    assert {"延长县扶贫开发局", "永登县扶贫开发局", "皋兰县扶贫开发局"} <= names
    names = {row[1] for row in load_workbook(BytesIO(narrowed.content)).worksheets[0].values}
    assert "永登县扶贫开发局" in names and "延长县扶贫开发局" not in names


def test_reminding_from_a_narrowed_page_reminds_that_province_only(world, nation, client_for):
    gansu = nation["gansu"].pk
    client = client_for(nation["national_reviewer"])
    with at(2026, 10, 15, 12, 0):
        response = client.post(
            reverse("submissions:remind"), {"year": 2026, "quarter": 3, "region": gansu}
        )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year=2026&quarter=3&region={gansu}")
    reminded = last_reminded(
        [world.yanchang_bureau.pk, nation["yongdeng"].pk, nation["gaolan"].pk], 2026, 3
    )
    assert world.yanchang_bureau.pk not in reminded
    # Another province's id is refused.
    shaanxi = client_for(world.province_reviewer).post(
        reverse("submissions:remind"), {"year": 2026, "quarter": 3, "region": gansu}
    )
    assert shaanxi.status_code == 404


def test_completeness_query_count_stays_flat(world, nation, client_for, boss):
    client = client_for(nation["national_reviewer"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(COMPLETENESS + Q3)
        assert response.status_code == 200
        return len(queries), response.context["data"].overall.total

    few, units_few = count_queries()
    for n in range(12):
        region = nation["yongdeng"].region if n % 2 else world.yanchuan
        unit = UnitFactory(name=f"测试扶贫单位{n}", region=region, kind=UnitKind.POVERTY_OFFICE)
        if n % 3 == 1:
            draft_report(world, n_items=1, unit=unit, reporter=boss)
        elif n % 3 == 2:
            submitted_report(world, n_items=1, unit=unit, reporter=boss, approver=boss)
    services.deadline_extend(
        year=2026, quarter=3, due_date=datetime(2026, 10, 20).date(), reason="换届交接",
        user=boss, unit=world.yulin_office,
    )  # fmt: skip
    many, units_many = count_queries()
    assert units_many - units_few == 12
    assert many == few


# The annual assessment ----------------------------------------------------------------


def score_rows(html: str, attribute: str) -> dict[int, tuple[int, str, int, list[int]]]:
    """Row key → (rank, points, adopted, the level and type counts) of a ranking table."""
    rows = {}
    for key, body in re.findall(rf'{attribute}="(\d+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        rank, _name, points, adopted, *rest = cells
        rows[int(key)] = (int(rank), points, int(adopted), [int(n) for n in rest])
    return rows


@pytest.mark.parametrize(("province", "reviewer"), [("shaanxi", None), ("gansu", "gansu_reviewer")])
def test_a_provinces_points_add_up_its_units(world, nation, client_for, year_2026, province,
                                             reviewer):  # fmt: skip
    reviewer = nation[reviewer] if reviewer else world.province_reviewer
    national = client_for(nation["national_reviewer"]).get(ASSESSMENT + Y2026)
    assert national.status_code == 200
    provinces = score_rows(between(national.text, 'data-testid="provinces"', "</table>"),
                           "data-province")  # fmt: skip
    own = client_for(reviewer).get(ASSESSMENT + Y2026)
    units = score_rows(between(own.text, 'data-testid="units"', "</table>"), "data-unit")
    _rank, points, adopted, columns = provinces[nation[province].pk]
    assert Decimal(points) == sum(Decimal(p) for _r, p, _a, _c in units.values())
    assert adopted == sum(a for _r, _p, a, _c in units.values())
    assert columns == [sum(c[i] for *_x, c in units.values()) for i in range(len(columns))]


def test_provinces_are_ranked_by_points(world, nation, client_for, year_2026):
    response = client_for(nation["national_reviewer"]).get(ASSESSMENT + Y2026)
    ranked = [(s.rank, s.province.pk, s.points, s.adopted) for s in response.context["provinces"]]
    # 延长 2×1.5 + 4.25 + 8 = 15.25 and 靖边 10.5 + 4.25; 永登 the same three and a county
    # TV story (no rule) that a leader endorsed (+2).
    assert ranked == [
        (1, nation["shaanxi"].pk, Decimal("30.00"), 5),
        (2, nation["gansu"].pk, Decimal("17.25"), 4),
    ]
    assert 'data-testid="units"' not in response.text
    assert f"?year=2026&amp;region={nation['gansu'].pk}" in response.text


def test_the_narrowed_assessment_is_the_province_offices(world, nation, client_for, year_2026):
    narrowed = client_for(nation["national_reviewer"]).get(
        ASSESSMENT + Y2026 + f"&region={nation['shaanxi'].pk}"
    )
    own = client_for(world.province_reviewer).get(ASSESSMENT + Y2026)
    for table in ('data-testid="units"', 'data-testid="people"'):
        assert between(narrowed.text, table, "</table>") == between(own.text, table, "</table>")
    assert 'data-testid="provinces"' not in own.text


def test_totals_loaded_without_stored_totals_are_counted_from_items(world, nation, client_for,
                                                                     year_2026):  # fmt: skip
    """Reports adopted in bulk, without their stored totals, count the same (as unit_scores)."""
    before = client_for(nation["national_reviewer"]).get(ASSESSMENT + Y2026)
    expected = [(s.province.pk, s.points, s.adopted, s.by_level, s.by_type)
                for s in before.context["provinces"]]  # fmt: skip
    ReportTotals.objects.filter(report__unit=world.jingbian_bureau).delete()
    ReportTotals.objects.filter(report__unit=nation["yongdeng"]).delete()
    after = client_for(nation["national_reviewer"]).get(ASSESSMENT + Y2026)
    assert [(s.province.pk, s.points, s.adopted, s.by_level, s.by_type)
            for s in after.context["provinces"]] == expected  # fmt: skip


def test_assessment_query_count_stays_flat(world, nation, client_for, year_2026, boss):
    client = client_for(nation["national_reviewer"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ASSESSMENT + Y2026)
        assert response.status_code == 200
        return len(queries), sum(s.adopted for s in response.context["provinces"])

    few, adopted_few = count_queries()
    for quarter in (1, 2):
        adopt_all(
            submitted_report(world, n_items=5, quarter=quarter, unit=nation["gaolan"],
                             reporter=boss, approver=boss),
            nation["gansu_reviewer"],
        )  # fmt: skip
    many, adopted_many = count_queries()
    assert adopted_many - adopted_few == 10
    assert many == few


def test_the_national_assessment_export_lists_every_unit(world, nation, client_for, year_2026):
    response = client_for(nation["national_reviewer"]).get(ASSESSMENT + Y2026 + "&format=xlsx")
    names = {row[1] for row in load_workbook(BytesIO(response.content)).worksheets[0].values}
    assert {"延长县扶贫开发局", "永登县扶贫开发局", "皋兰县扶贫开发局"} <= names

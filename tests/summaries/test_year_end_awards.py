"""The year-end summary lists the year's final award winners of the region."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards import selectors as award_selectors
from awards.models import Nomination
from portal.clock import china_today
from summaries import figures
from tests.summaries.data import pdf_text, table_rows
from tests.summaries.documents import province_summary

URL = reverse("summaries:year-end")

# The `final` programme is this year's by the clock, and the summary is 2026's.
pytestmark = pytest.mark.usefixtures("late_2026")


def year_end(world, region, year=2026):
    return figures.year_end(world.province_admin, region, year, china_today())


def test_winners_equal_the_database(world, final):
    data = year_end(world, world.province)
    winners = Nomination.objects.filter(tier__isnull=False).order_by(
        "category__position", "tier__position", "pk"
    )
    assert (
        [a["id"] for a in data["awards"]]
        == [n.pk for n in winners]
        == [
            final.work.pk,
            final.unit.pk,
        ]
    )
    work = data["awards"][0]
    assert (work["programme"], work["category"], work["tier"]) == (
        "我的帮扶故事征文",
        "我的帮扶故事",
        "一等奖",
    )
    assert (work["winner"], work["work"], work["unit"]) == (
        "刘志刚",
        "一条硬化路",
        "延长县扶贫开发局",
    )
    assert final.loser.pk not in [a["id"] for a in data["awards"]]
    # The winners are of 延长县 in 延安市: none in 榆林市, none in another year.
    assert len(year_end(world, world.yanan)["awards"]) == 2
    assert year_end(world, world.yulin)["awards"] == []
    assert year_end(world, world.province, 2025)["awards"] == []


def test_a_list_on_notice_is_not_yet_in_the_summary(world, published):
    assert year_end(world, world.province)["awards"] == []


def test_one_query_for_the_winners(world, final):
    with CaptureQueriesContext(connection) as queries:
        award_selectors.year_winners(world.province, 2026)
    assert len(queries) == 1


def test_preview_pdf_and_excel_show_the_winners(world, final, client_for):
    params = f"?region={world.province.pk}&year=2026"
    client = client_for(world.province_admin)
    html = client.get(URL + params).content.decode()
    assert f'data-nomination="{final.work.pk}"' in html and "一条硬化路" in html

    document = province_summary(world)
    with document.file.open("rb") as f:
        text = pdf_text(f.read())
    assert "我的帮扶故事征文" in text and "刘志刚" in text

    book = load_workbook(BytesIO(client.get(URL + params + "&format=xlsx").content))
    rows = table_rows(book.worksheets[9])  # after the campaigns
    assert rows[1] == (
        "我的帮扶故事征文",
        "我的帮扶故事",
        "一等奖",
        "刘志刚",
        "一条硬化路",
        "延长县扶贫开发局",
    )

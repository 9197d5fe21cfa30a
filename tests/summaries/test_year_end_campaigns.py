"""The year-end summary's campaign completion: the figures, the preview, the PDF, Excel."""

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import OPEN_STATES, Assignment, AssignmentState
from portal.clock import china_today
from summaries import figures
from tests.campaigns.builders import assignment_of, draft_campaign, mark_done, published_campaign
from tests.summaries.data import pdf_text, table_rows
from tests.summaries.documents import province_summary

URL = reverse("summaries:year-end")


def year_end(world, region):
    return figures.year_end(world.province_admin, region, 2026, china_today())


def test_figures_equal_the_database(world):
    campaign = published_campaign(world)
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    draft_campaign(world)  # drafts are not counted
    published_campaign(world, year=2025)  # nor other years

    [row] = year_end(world, world.province)["campaigns"]
    mine = Assignment.objects.filter(activity__campaign=campaign)
    today = china_today()
    assert row["title"] == campaign.title
    assert row["assignments"] == mine.count() >= 2
    assert row["accepted"] == mine.filter(state=AssignmentState.ACCEPTED).count() == 0
    assert row["done"] == mine.filter(state=AssignmentState.DONE).count() == 1
    assert row["open"] == mine.filter(state__in=OPEN_STATES).count() == row["assignments"] - 1
    overdue = [a for a in mine.filter(state__in=OPEN_STATES) if a.activity.deadline < today]
    assert row["overdue"] == len(overdue)
    # The assignments lie in Yan'an: Yulin's summary has no campaign.
    assert year_end(world, world.yulin)["campaigns"] == []
    assert year_end(world, world.yanan)["campaigns"] == [row]


def test_one_query_for_any_number_of_campaigns(world):
    published_campaign(world)
    year_end(world, world.province)  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        year_end(world, world.province)
    published_campaign(world, units=[world.jingbian_bureau])
    with CaptureQueriesContext(connection) as two:
        data = year_end(world, world.province)
    assert len(data["campaigns"]) == 2
    assert len(two) == len(one)


def test_preview_pdf_and_excel_show_the_campaign(world, client_for):
    campaign = published_campaign(world)
    params = f"?region={world.province.pk}&year=2026"
    client = client_for(world.province_admin)
    html = client.get(URL + params).content.decode()
    assert f'data-campaign="{campaign.pk}"' in html and campaign.title in html

    document = province_summary(world)
    with document.file.open("rb") as f:
        # A long title wraps in its cell.
        assert campaign.title in pdf_text(f.read()).replace("\n", "")

    book = load_workbook(BytesIO(client.get(URL + params + "&format=xlsx").content))
    campaigns = book.worksheets[8]  # the campaigns sheet, then awards and donations
    rows = table_rows(campaigns)
    count = Assignment.objects.filter(activity__campaign=campaign).count()
    assert rows[1][:2] == (campaign.title, count)

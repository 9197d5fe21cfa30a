"""An issued document's Excel twin: the frozen figures, even after the data changed."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from submissions.models import Item, ReviewResult
from tests.summaries.documents import province_summary


def url(document):
    return reverse("summaries:document-xlsx", args=[document.pk])


def test_twin_has_the_documents_numbers_not_todays(world, year_2026, client_for):
    document = province_summary(world, make=False)
    Item.objects.update(review_result=ReviewResult.REJECTED)
    response = client_for(world.province_reviewer).get(url(document))
    assert response.status_code == 200
    totals = list(
        load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert totals[-1][1:] == (6, 5)


def test_every_sheet_is_headed_with_the_documents_title_number_issuer_and_date(
    world, year_2026, client_for
):
    document = province_summary(world, make=False)
    book = load_workbook(BytesIO(client_for(world.province_reviewer).get(url(document)).content))
    for sheet in book.worksheets:
        heading = [sheet.cell(row=n, column=1).value for n in (1, 2, 3)]
        assert heading == [
            "陕西省2026年度扶贫宣传工作总结",
            "陕扶办〔2026〕12号",
            "陕西省扶贫开发办公室　2026年12月31日",
        ]
        assert sheet.cell(row=4, column=1).value is None  # a blank row, then the table
        assert sheet.freeze_panes == "A6"  # the table's header row stays in view


def test_a_previews_twin_says_it_is_no_issued_document(world, year_2026, client_for):
    page = reverse("summaries:year-end") + f"?region={world.province.pk}&year=2026&format=xlsx"
    response = client_for(world.province_admin).get(page)
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].value == "送审稿（非正式印发公文）"


@pytest.mark.parametrize("who", ["city_reviewer", "reporter", "nobody"])
def test_others_do_not_find_it(world, year_2026, client_for, who):
    document = province_summary(world, make=False)
    assert client_for(getattr(world, who)).get(url(document)).status_code == 404


def test_anonymous_is_sent_to_login(client, world, year_2026):
    document = province_summary(world, make=False)
    assert client.get(url(document))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, year_2026, client_for):
    document = province_summary(world, make=False)
    assert client_for(world.province_admin).post(url(document)).status_code == 405


def test_the_download_is_journaled(world, year_2026, client_for):
    from portal.models import JournalEntry

    document = province_summary(world, make=False)
    client_for(world.province_reviewer).get(url(document), REMOTE_ADDR="10.2.3.4")
    entry = JournalEntry.objects.get(action="security.exported")
    assert (entry.actor, entry.address) == (world.province_reviewer, "10.2.3.4")
    assert entry.data["what"] == "summaries.document"

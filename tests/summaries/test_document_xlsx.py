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

"""An ended project, in public: it says it ended and what it raised, never an amount it
still needs (such as the 253,149.50 the list once showed for an ended project)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from donations import services
from tests.donations.conftest import make_pledge, make_project, pay


@pytest.fixture
def ended(dw):
    project = make_project(dw)
    pledge = make_pledge(dw, amount="60000.00", designation="project", project=project)
    pay(dw, pledge, "60000.00")
    services.project_end(user=dw.reporter, project=project, ended_on=date(2026, 11, 30))
    return project


def needed_cell(html: str, pk: int) -> str:
    row = re.search(rf'data-project="{pk}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'data-testid="needed">(.*?)</td>', row, re.S).group(1)


def test_the_list_says_an_ended_project_ended_and_shows_what_it_raised(dw, ended, client):
    response = client.get(reverse("donations:public-index"))
    html = response.content.decode()
    cell = needed_cell(html, ended.pk)
    assert "已结束" in cell
    assert not re.search(r"\d", cell)
    (row,) = [p for p in response.context["projects"] if p.pk == ended.pk]
    assert row.received == Decimal("60000.00")
    assert "60,000.00" in re.search(rf'data-project="{ended.pk}">(.*?)</tr>', html, re.S).group(1)
    # Nor does the page's "still needed" total count what an ended project left unmet.
    assert response.context["totals"]["needed"] == Decimal(0)


def test_an_open_project_still_shows_what_it_needs(dw, client):
    project = make_project(dw)
    html = client.get(reverse("donations:public-index")).content.decode()
    assert "已结束" not in needed_cell(html, project.pk)
    assert re.search(r"\d", needed_cell(html, project.pk))


def test_the_project_page_says_it_ended_and_offers_no_pledge(dw, ended, client, time_machine):
    time_machine.move_to(date(2026, 10, 12))  # the drive is open
    response = client.get(reverse("donations:public-project", args=[ended.pk]))
    html = response.content.decode()
    assert 'data-testid="ended"' in html and 'data-testid="needed"' not in html
    assert "不再接受认领" in html
    assert 'data-testid="pledge-link"' not in html
    assert 'data-testid="received"' in html

"""The status a document page polls: JSON, with the link once the PDF is ready."""

import pytest
from django.urls import reverse

from tests.summaries.documents import province_summary


def url(document):
    return reverse("summaries:document-status", args=[document.pk])


def test_status_while_waiting_and_when_ready(world, year_2026, client_for):
    client = client_for(world.province_admin)
    document = province_summary(world, make=False)
    assert client.get(url(document)).json() | {"label": ""} == {
        "status": "pending",
        "label": "",
        "ready": False,
        "url": "",
    }
    province_summary(world)
    data = client.get(url(document)).json()
    assert data["ready"] is True
    assert data["url"] == reverse("summaries:document-download", args=[document.pk])


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

"""The public pledge-intention form: open while the drive runs, counts nothing until staff
confirm, and limited to five intentions an hour from one address."""

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from donations.models import Pledge, PledgeStatus
from portal.forms import HONEYPOT_REFUSED

FORM = {
    "donor_type": "individual",
    "donor_name": "李爱心",
    "contact_phone": "13900001111",
    "anonymous": "on",
    "kind": "cash",
    "amount": "500.00",
    "designation": "none",
}


@pytest.fixture
def during_drive(time_machine):
    time_machine.move_to(date(2026, 10, 12))


def url(dw):
    return reverse("donations:public-pledge", args=[dw.drive.pk])


def test_anyone_can_open_the_form(dw, client, during_drive):
    assert client.get(url(dw)).status_code == 200


def test_an_intention_waits_for_staff(dw, client, client_for, during_drive):
    response = client.post(url(dw), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("donations:public-thanks")
    pledge = Pledge.objects.get()
    assert (pledge.status, pledge.from_public, pledge.anonymous) == (
        PledgeStatus.INTENTION,
        True,
        True,
    )
    client_for(dw.reporter).post(
        reverse("donations:pledge-confirm", args=[pledge.pk]), {"decision": "confirm"}
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CONFIRMED


def test_the_sixth_intention_in_an_hour_is_refused(dw, client, during_drive):
    for _ in range(5):
        assert client.post(url(dw), FORM).status_code == 302
    response = client.post(url(dw), FORM)
    assert response.status_code == 429
    assert Pledge.objects.count() == 5
    # Another address is not affected.
    assert client.post(url(dw), FORM, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_form_is_closed_outside_the_drive(dw, client, time_machine):
    time_machine.move_to(date(2026, 11, 1))
    assert client.get(url(dw)).status_code == 404
    assert client.post(url(dw), FORM).status_code == 404


def test_other_methods_are_refused(dw, client, during_drive):
    assert client.put(url(dw)).status_code == 405


def test_the_honeypot_is_on_the_page_but_not_on_the_screen(dw, client, during_drive):
    html = client.get(url(dw)).content.decode()
    assert re.search(
        r'class="visually-hidden"\s+aria-hidden="true">\s*<div id="div_id_website"', html
    )
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', html)


def test_a_filled_honeypot_is_refused(dw, client, during_drive):
    response = client.post(url(dw), {**FORM, "website": "http://spam.example/"})

    assert response.status_code == 400
    assert not Pledge.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(HONEYPOT_REFUSED)]
    html = response.content.decode()
    assert "李爱心" in html
    assert "spam.example" not in html

"""Anyone may lodge an objection with a contact during the notice; a few per hour."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Objection
from portal.forms import HONEYPOT_REFUSED


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def url(programme):
    return reverse("awards:objection-lodge", args=[programme.pk])


def test_anyone_lodges_an_objection(client, published):
    response = client.post(
        url(published.programme),
        {"nomination": published.work.pk, "text": "涉嫌抄袭", "contact": "13800000000"},
    )
    assertRedirects(response, reverse("awards:notice", args=[published.programme.pk]))
    objection = Objection.objects.get()
    assert objection.nomination == published.work
    assert objection.contact == "13800000000"
    assert objection.settled_at is None


def test_a_contact_is_required(client, published):
    response = client.post(url(published.programme), {"text": "涉嫌抄袭", "contact": ""})
    assert response.status_code == 400
    assert "contact" in response.context["form"].errors
    assert not Objection.objects.exists()


def test_only_listed_winners_can_be_objected_to(client, published):
    response = client.post(
        url(published.programme),
        {"nomination": published.loser.pk, "text": "x", "contact": "y"},
    )
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_rate_limited_per_address(client, published):
    for n in range(5):
        client.post(url(published.programme), {"text": f"第{n}条", "contact": "a@b.cn"})
    response = client.post(url(published.programme), {"text": "第六条", "contact": "a@b.cn"})
    assert response.status_code == 429
    assert Objection.objects.count() == 5


def test_closed_after_the_final_step(client, final):
    response = client.post(url(final.programme), {"text": "迟到", "contact": "a@b.cn"})
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_get_is_not_allowed(client, published):
    assert client.get(url(published.programme)).status_code == 405


def test_the_honeypot_is_on_the_notice_but_not_on_the_screen(client, published):
    html = client.get(reverse("awards:notice", args=[published.programme.pk])).content.decode()
    assert re.search(
        r'class="visually-hidden"\s+aria-hidden="true">\s*<div id="div_id_website"', html
    )
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', html)


def test_a_filled_honeypot_is_refused(client, published):
    response = client.post(
        url(published.programme),
        {"text": "涉嫌抄袭", "contact": "13800000000", "website": "http://spam.example/"},
    )

    assert response.status_code == 400
    assert not Objection.objects.exists()
    assert response.context["form"].non_field_errors() == [str(HONEYPOT_REFUSED)]
    html = response.content.decode()
    assert "涉嫌抄袭" in html
    assert "spam.example" not in html

"""One click nominates a ranked unit or person with their figures."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Nomination, NominationStatus
from tests.awards.assessment import adopted_year


def url(aw):
    return reverse("awards:candidate-nominate", args=[aw.programme.pk])


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.post(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_nominate_a_unit_with_its_figures(world, aw, client_for):
    adopted_year(world)
    response = client_for(world.province_admin).post(
        url(aw),
        {
            "kind": "unit",
            "target": world.yanchang_bureau.pk,
            "unit": world.yanan_office.pk,
            "category": aw.unit_cat.pk,
            "year": 2026,
        },
    )
    nomination = Nomination.objects.get()
    assertRedirects(response, reverse("awards:nomination-detail", args=[nomination.pk]))
    assert nomination.status == NominationStatus.AWAITING_SIGNOFF
    assert nomination.nominee_unit == world.yanchang_bureau
    assert nomination.unit == world.yanan_office
    assert nomination.figures == {"year": 2026, "rank": 1, "points": "14.00", "adopted": 3}


def test_nominate_a_person_with_their_unit(world, aw, client_for):
    adopted_year(world)
    client_for(world.province_admin).post(
        url(aw),
        {
            "kind": "person",
            "target": world.reporter.pk,
            "unit": world.yanchang_bureau.pk,
            "category": aw.person_cat.pk,
            "year": 2026,
        },
    )
    nomination = Nomination.objects.get()
    assert nomination.nominee_user == world.reporter
    assert nomination.nominee_unit == world.yanchang_bureau
    assert nomination.figures["adopted"] == 2


def test_a_unit_not_in_the_ranking_is_404(world, aw, client_for):
    response = client_for(world.province_admin).post(
        url(aw),
        {
            "kind": "unit",
            "target": world.jingbian_bureau.pk + 1000,
            "unit": world.yanan_office.pk,
            "category": aw.unit_cat.pk,
            "year": 2026,
        },
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["approver", "city_reviewer"])
def test_non_filers_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).post(url(aw), {}).status_code == 403


def test_get_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).get(url(aw)).status_code == 405

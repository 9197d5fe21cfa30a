"""Administrators assign tiers in rank order, never beyond a quota."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Nomination
from tests.awards.conftest import qualified_work


def url(nomination):
    return reverse("awards:tier-assign", args=[nomination.pk])


def tier_of(nomination):
    return Nomination.objects.get(pk=nomination.pk).tier


@pytest.fixture
def work(world, aw):
    return qualified_work(world, aw)


def test_anonymous_is_sent_to_login(client, work):
    assertRedirects(client.post(url(work)), f"{reverse('login')}?next={url(work)}")


def test_admin_assigns_and_takes_back(world, aw, client_for, work):
    client = client_for(world.province_admin)
    first = aw.tiers["theme"][0]
    response = client.post(url(work), {"tier": first.pk})
    assertRedirects(
        response,
        reverse("awards:ranking", args=[aw.programme.pk]) + f"#c{aw.theme.pk}",
        fetch_redirect_response=False,
    )
    assert tier_of(work) == first
    client.post(url(work), {"tier": ""})
    assert tier_of(work) is None


def test_a_full_quota_is_refused_with_a_message(world, aw, client_for, work):
    other = qualified_work(world, aw, title="乙")
    client = client_for(world.province_admin)
    first = aw.tiers["theme"][0]
    client.post(url(work), {"tier": first.pk})
    response = client.post(url(other), {"tier": first.pk}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert tier_of(other) is None


def test_a_tier_of_another_category_is_404(world, aw, client_for, work):
    response = client_for(world.province_admin).post(url(work), {"tier": aw.tiers["unit"][0].pk})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_unit_is_forbidden(world, aw, client_for, work, who):
    response = client_for(getattr(world, who)).post(url(work), {"tier": aw.tiers["theme"][0].pk})
    assert response.status_code == 403
    assert tier_of(work) is None


def test_judges_get_404(world, aw, client_for, work):
    response = client_for(world.city_reviewer).post(url(work), {"tier": aw.tiers["theme"][0].pk})
    assert response.status_code == 404


def test_get_is_not_allowed(world, aw, client_for, work):
    assert client_for(world.province_admin).get(url(work)).status_code == 405

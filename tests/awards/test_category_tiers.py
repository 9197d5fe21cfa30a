"""A category's tiers and quotas."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.forms import MAX_TIERS
from tests.awards.formdata import formset_data


def url(aw):
    return reverse("awards:category-tiers", args=[aw.theme.pk])


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_admin_sets_the_seed_quotas(world, aw, client_for):
    client = client_for(world.province_admin)
    data = formset_data(client.get(url(aw)).context["formset"])
    data.update(
        {
            "tiers-0-quota": "5",
            "tiers-1-quota": "10",
            "tiers-2-name": "三等奖",
            "tiers-2-quota": "20",
            "tiers-2-position": "2",
            "tiers-3-name": "优秀奖",
            "tiers-3-quota": "50",
            "tiers-3-position": "3",
        }
    )
    response = client.post(url(aw), data)
    assertRedirects(response, reverse("awards:programme-edit", args=[aw.programme.pk]))
    assert list(aw.theme.tiers.values_list("name", "quota")) == [
        ("一等奖", 5),
        ("二等奖", 10),
        ("三等奖", 20),
        ("优秀奖", 50),
    ]


def test_a_quota_of_zero_is_refused(world, aw, client_for):
    client = client_for(world.province_admin)
    data = formset_data(client.get(url(aw)).context["formset"])
    data["tiers-0-quota"] = "0"
    response = client.post(url(aw), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


def test_outsiders_get_404(world, aw, client_for):
    assert client_for(world.outsider_reporter).get(url(aw)).status_code == 404


def test_put_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).put(url(aw)).status_code == 405


def test_a_forged_form_count_is_refused_without_building_the_forms(world, aw, client_for):
    client = client_for(world.province_admin)
    data = formset_data(client.get(url(aw)).context["formset"])
    data.update({"tiers-TOTAL_FORMS": "3000", "tiers-0-quota": "99"})

    response = client.post(url(aw), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= MAX_TIERS
    [error] = formset.non_form_errors().as_data()
    assert error.code == "too_many_forms"
    assert error.messages[0] in response.content.decode()
    assert 99 not in aw.theme.tiers.values_list("quota", flat=True)

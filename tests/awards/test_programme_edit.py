"""Setting a programme up: its fields and the formsets of categories, criteria,
nominating units and judges."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import forms, services
from tests.awards.conftest import qualified_work
from tests.awards.formdata import form_data, formset_data


def url(aw):
    return reverse("awards:programme-edit", args=[aw.programme.pk])


def page_data(response) -> dict:
    """All the set-up at once: the programme's fields from its page, each section's rows
    from the section's own page."""
    data = form_data(response.context["form"])
    programme = response.context["programme"]
    for name in ("categories", "criteria", "nominators", "judges"):
        section = reverse("awards:programme-section", args=[programme.pk, name])
        data.update(formset_data(response.client.get(section).context["formset"]))
    return data


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_admin_adds_a_category_criterion_unit_and_judge(world, aw, client_for):
    client = client_for(world.province_admin)
    response = client.get(url(aw))
    assert response.status_code == 200
    data = page_data(response)
    data.update(
        {
            "title": "改名后的征文",
            "categories-3-name": "我的脱贫历程",
            "categories-3-takes": "work",
            "categories-3-position": "3",
            "criteria-2-name": "创新性",
            "criteria-2-weight": "10",
            "criteria-2-position": "2",
            "nominators-3-unit": str(world.yanchang_propaganda.pk),
            "nominators-3-limit": "2",
            "judges-2-user": str(world.neighbour_reporter.pk),
            "judges-2-categories": [str(aw.theme.pk)],
        }
    )
    response = client.post(url(aw), data)
    assertRedirects(response, url(aw))
    programme = aw.programme
    programme.refresh_from_db()
    assert programme.title == "改名后的征文"
    assert programme.categories.filter(name="我的脱贫历程", takes="work").exists()
    assert programme.criteria.filter(name="创新性").exists()
    assert programme.nominators.get(unit=world.yanchang_propaganda).limit == 2
    judge = programme.judges.get(user=world.neighbour_reporter)
    assert list(judge.categories.all()) == [aw.theme]


def test_a_nominating_unit_must_lie_in_the_organisers_region(world, aw, client_for):
    client = client_for(world.province_admin)
    data = page_data(client.get(url(aw)))
    data.update({"nominators-3-unit": str(world.jingbian_bureau.pk), "nominators-3-limit": "1"})
    response = client.post(url(aw), data)
    assert response.status_code == 200
    assert response.context["nominators"].forms[3].errors
    assert not aw.programme.nominators.filter(unit=world.jingbian_bureau).exists()


def test_published_programmes_no_longer_change(world, aw, client_for):
    winner = qualified_work(world, aw)
    services.tier_assign(nomination=winner, user=world.province_admin, tier=aw.tiers["theme"][0])
    services.notice_publish(programme=aw.programme, user=world.province_admin)
    response = client_for(world.province_admin).get(url(aw))
    assertRedirects(response, reverse("awards:programme-detail", args=[aw.programme.pk]))


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer"])
def test_involved_non_admins_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


@pytest.mark.parametrize("who", ["outsider_reporter", "nobody"])
def test_outsiders_get_404(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 404


def test_delete_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).delete(url(aw)).status_code == 405


@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("categories", forms.MAX_CATEGORIES),
        ("criteria", forms.MAX_CRITERIA),
        ("nominators", forms.MAX_NOMINATORS),
        ("judges", forms.MAX_JUDGES),
    ],
)
def test_a_forged_form_count_is_refused_without_building_the_forms(
    world, aw, client_for, name, most
):
    # Django's own cap is 2,000 forms a formset: built, cleaned and rendered, minutes of work.
    client = client_for(world.province_admin)
    data = page_data(client.get(url(aw)))
    data.update({f"{name}-TOTAL_FORMS": "3000", "title": "伪造的表单数"})

    response = client.post(url(aw), data)

    assert response.status_code == 200
    formset = response.context[name]
    assert len(formset.forms) <= most
    [error] = formset.non_form_errors().as_data()
    assert error.code == "too_many_forms"
    assert error.messages[0] in response.content.decode()
    aw.programme.refresh_from_db()
    assert aw.programme.title != "伪造的表单数"

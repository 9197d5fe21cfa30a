"""The set-up in sections (one page of every formset took 1.6 s to draw and up to 2.3 s to
save): the programme's page shows each section in brief, and each section is
edited and saved on its own page against the programme's version, and journaled."""

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertRedirects

from awards import forms, services
from awards.forms import SECTIONS
from portal.models import JournalEntry
from tests.awards.conftest import qualified_work
from tests.awards.formdata import formset_data


def url(aw, section="categories"):
    return reverse("awards:programme-section", args=[aw.programme.pk, section])


def edit_url(aw):
    return reverse("awards:programme-edit", args=[aw.programme.pk])


def shown(client, aw, section) -> dict:
    """The section's page as a browser would post it back, with the version it showed."""
    response = client.get(url(aw, section))
    return {**formset_data(response.context["formset"]), "version": response.context["version"]}


def conflict() -> str:
    with translation.override("zh-hans"):
        return str(services.ConcurrentEdit())


def test_the_set_up_page_draws_no_formset_and_shows_each_section_in_brief(
    world, aw, client_for, django_assert_max_num_queries
):
    client = client_for(world.province_admin)
    client.get(edit_url(aw))
    with django_assert_max_num_queries(30):
        response = client.get(edit_url(aw))
    html = response.content.decode()
    assert "TOTAL_FORMS" not in html
    for name in SECTIONS:
        assert f'href="{url(aw, name)}"' in html
    for text in (
        "我的帮扶故事",
        "一等奖 × 1",
        "主题立意",
        "延长县扶贫开发局",
        str(world.city_reviewer),
    ):
        assert text in html


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_page_holds_its_formset_alone(world, aw, client_for, section):
    response = client_for(world.province_admin).get(url(aw, section))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="{section}-TOTAL_FORMS"' in html
    assert [n for n in SECTIONS if n != section and f'name="{n}-TOTAL_FORMS"' in html] == []
    assert f'name="version" value="{aw.programme.version}"' in html


def test_a_section_is_saved_on_its_own_against_the_version(world, aw, client_for):
    client = client_for(world.province_admin)
    data = shown(client, aw, "criteria")
    data.update(
        {"criteria-2-name": "创新性", "criteria-2-weight": "10", "criteria-2-position": "2"}
    )
    before = aw.programme.version
    assertRedirects(client.post(url(aw, "criteria"), data), edit_url(aw))
    aw.programme.refresh_from_db()
    assert aw.programme.version == before + 1
    assert aw.programme.criteria.filter(name="创新性", weight=10).exists()
    entry = JournalEntry.objects.get(action="awards.programme.changed")
    assert entry.data == {"section": "criteria"}


def test_judges_are_saved_with_their_categories(world, aw, client_for):
    client = client_for(world.province_admin)
    data = shown(client, aw, "judges")
    data.update(
        {
            "judges-2-user": str(world.neighbour_reporter.pk),
            "judges-2-categories": [str(aw.theme.pk)],
        }
    )
    assertRedirects(client.post(url(aw, "judges"), data), edit_url(aw))
    judge = aw.programme.judges.get(user=world.neighbour_reporter)
    assert list(judge.categories.all()) == [aw.theme]


def test_a_section_saved_meanwhile_refuses_the_second_save(world, aw, client_for):
    client = client_for(world.province_admin)
    first, second = shown(client, aw, "categories"), shown(client, aw, "nominators")
    first.update(
        {
            "categories-3-name": "新类别",
            "categories-3-takes": "person",
            "categories-3-position": "3",
        }
    )
    client.post(url(aw, "categories"), first)
    second.update(
        {"nominators-3-unit": str(world.yanchang_propaganda.pk), "nominators-3-limit": "1"}
    )
    response = client.post(url(aw, "nominators"), second)
    assert response.status_code == 200
    assert conflict() in response.content.decode()
    assert not aw.programme.nominators.filter(unit=world.yanchang_propaganda).exists()
    assert aw.programme.categories.filter(name="新类别").exists()


def test_a_nominating_unit_outside_the_organisers_region_is_refused(world, aw, client_for):
    client = client_for(world.province_admin)
    data = shown(client, aw, "nominators")
    data.update({"nominators-3-unit": str(world.jingbian_bureau.pk), "nominators-3-limit": "1"})
    response = client.post(url(aw, "nominators"), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[3].errors
    assert not aw.programme.nominators.filter(unit=world.jingbian_bureau).exists()


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
    client = client_for(world.province_admin)
    data = {**shown(client, aw, name), f"{name}-TOTAL_FORMS": "3000"}
    version = aw.programme.version
    response = client.post(url(aw, name), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= most
    [error] = formset.non_form_errors().as_data()
    assert error.code == "too_many_forms"
    aw.programme.refresh_from_db()
    assert aw.programme.version == version


def test_an_unknown_section_is_404(world, aw, client_for):
    assert client_for(world.province_admin).get(url(aw, "winners")).status_code == 404


def test_a_published_programme_sends_to_its_page(world, aw, client_for):
    winner = qualified_work(world, aw)
    services.tier_assign(nomination=winner, user=world.province_admin, tier=aw.tiers["theme"][0])
    services.notice_publish(programme=aw.programme, user=world.province_admin)
    response = client_for(world.province_admin).get(url(aw))
    assertRedirects(response, reverse("awards:programme-detail", args=[aw.programme.pk]))


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer"])
def test_involved_non_admins_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


@pytest.mark.parametrize("who", ["outsider_reporter", "nobody"])
def test_outsiders_get_404(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 404


def test_delete_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).delete(url(aw)).status_code == 405

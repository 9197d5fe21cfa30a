"""Two administrators deciding the same nomination: the second, working from a page that
showed the earlier state, is told someone else changed it, and nothing is overwritten."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.models import Nomination, NominationStatus, Tier
from portal.models import JournalEntry, Role
from tests.awards.conftest import file_work, qualified_work
from tests.awards.formdata import form_data, formset_data
from tests.factories import person


def conflict() -> str:
    with translation.override("zh-hans"):
        return str(services.ConcurrentEdit())


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_on(page, form_action: str) -> str:
    """The version hidden in the form posting to `form_action`, as the browser holds it."""
    content = page.content.decode()
    form = content[content.index(f'action="{form_action}"') :]
    form = form[: form.index("</form>")]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


@pytest.fixture
def admins(world):
    return signed_in(world.province_admin), signed_in(
        person("second_admin", world.province_office, Role.ADMIN, full_name="马主任")
    )


@pytest.fixture
def submitted(world, aw):
    return services.nomination_sign_off(nomination=file_work(world, aw), user=world.approver)


def test_the_second_qualification_decision_is_refused_with_its_reason_kept(
    world, aw, admins, submitted
):
    first, second = admins
    detail = reverse("awards:nomination-detail", args=[submitted.pk])
    action = reverse("awards:nomination-qualify", args=[submitted.pk])
    seen_first, seen_second = (version_on(c.get(detail), action) for c in (first, second))

    first.post(action, {"passed": "1", "version": seen_first})
    response = second.post(action, {"passed": "0", "reason": "材料不全", "version": seen_second})

    assert response.status_code == 200
    assert conflict() in response.content.decode()
    assert 'value="材料不全"' in response.content.decode()
    nomination = Nomination.objects.get(pk=submitted.pk)
    assert nomination.status == NominationStatus.QUALIFIED
    assert nomination.reject_reason == ""
    assert not JournalEntry.objects.filter(action="awards.nomination.rejected").exists()


def test_a_tier_changed_meanwhile_is_not_overwritten(world, aw, admins):
    work = qualified_work(world, aw)
    first, second = admins
    ranking = reverse("awards:ranking", args=[aw.programme.pk])
    action = reverse("awards:tier-assign", args=[work.pk])
    seen_first, seen_second = (version_on(c.get(ranking), action) for c in (first, second))
    top, runner_up = aw.tiers["theme"]

    first.post(action, {"tier": top.pk, "version": seen_first})
    response = second.post(action, {"tier": runner_up.pk, "version": seen_second}, follow=True)

    assert conflict() in response.content.decode()
    assert Nomination.objects.get(pk=work.pk).tier == top


def test_a_fresh_page_may_change_the_tier(world, aw, admins):
    work = qualified_work(world, aw)
    first, _second = admins
    ranking = reverse("awards:ranking", args=[aw.programme.pk])
    action = reverse("awards:tier-assign", args=[work.pk])
    top, runner_up = aw.tiers["theme"]
    first.post(action, {"tier": top.pk, "version": version_on(first.get(ranking), action)})
    first.post(action, {"tier": runner_up.pk, "version": version_on(first.get(ranking), action)})
    assert Nomination.objects.get(pk=work.pk).tier == runner_up


def edit_page_data(response) -> dict:
    """All the set-up at once: the programme's fields from its page, each section's rows
    from the section's own page."""
    data = form_data(response.context["form"])
    programme = response.context["programme"]
    for name in ("categories", "criteria", "nominators", "judges"):
        section = reverse("awards:programme-section", args=[programme.pk, name])
        data.update(formset_data(response.client.get(section).context["formset"]))
    return data


def test_two_administrators_editing_the_set_up_the_second_is_refused(world, aw, admins):
    first, second = admins
    url = reverse("awards:programme-edit", args=[aw.programme.pk])
    data_first, data_second = (edit_page_data(c.get(url)) for c in (first, second))

    first.post(url, {**data_first, "title": "第一位管理员的标题"})
    response = second.post(url, {**data_second, "title": "第二位管理员的标题"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [conflict()]}
    assert conflict() in response.content.decode()
    assert 'value="第二位管理员的标题"' in response.content.decode()
    aw.programme.refresh_from_db()
    assert aw.programme.title == "第一位管理员的标题"
    assert JournalEntry.objects.filter(action="awards.programme.changed").count() == 1


def test_an_objection_settled_meanwhile_keeps_the_first_settlement(world, aw, admins, published):
    objection = services.objection_lodge(
        programme=published.programme, nomination=None, text="名单有误", contact="13800000000"
    )
    first, second = admins
    action = reverse("awards:objection-settle", args=[objection.pk])
    first.post(action, {"settlement": "已核实，名单无误"})
    response = second.post(action, {"settlement": "撤销该获奖"}, follow=True)
    assert conflict() in response.content.decode()
    objection.refresh_from_db()
    assert objection.settlement == "已核实，名单无误"
    assert objection.settled_by == world.province_admin


def test_a_judge_changing_scores_stays_on_record(world, aw, client_for):
    work = qualified_work(world, aw)
    client = client_for(world.city_reviewer)
    first, second = aw.criteria
    url = reverse("awards:score", args=[work.pk])
    client.post(url, {f"c{first.pk}": "90", f"c{second.pk}": "80"})
    client.post(url, {f"c{first.pk}": "70", f"c{second.pk}": "60"})
    journal = JournalEntry.objects.filter(action="awards.nomination.scored").order_by("pk")
    assert [(e.actor, e.data["values"][str(first.pk)]) for e in journal] == [
        (world.city_reviewer, "90"),
        (world.city_reviewer, "70"),
    ]
    assert all(e.at for e in journal)


def tiers_page_data(page) -> dict:
    data = formset_data(page.context["formset"])
    data["version"] = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return data


def test_two_administrators_setting_quotas_the_second_is_refused(world, aw, admins):
    first, second = admins
    url = reverse("awards:category-tiers", args=[aw.theme.pk])
    data_first, data_second = (tiers_page_data(c.get(url)) for c in (first, second))

    first.post(url, {**data_first, "tiers-0-quota": "3"})
    response = second.post(url, {**data_second, "tiers-0-quota": "9"})

    assert response.status_code == 200
    assert conflict() in response.content.decode()
    assert 'value="9"' in response.content.decode()
    assert Tier.objects.get(pk=aw.tiers["theme"][0].pk).quota == 3
    (event,) = JournalEntry.objects.filter(action="awards.category.tiers_changed")
    assert event.actor == world.province_admin

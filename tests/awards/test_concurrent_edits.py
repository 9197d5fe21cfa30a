"""Two administrators deciding the same nomination: the second, working from a page that
showed the earlier state, is told someone else changed it, and nothing is overwritten."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.models import AwardEvent, Nomination, NominationStatus
from portal.models import Role
from tests.awards.conftest import file_work, qualified_work
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
        person("city_admin", world.yanan_office, Role.ADMIN, full_name="马主任")
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
    assert not AwardEvent.objects.filter(action="awards.nomination.rejected").exists()


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

"""The programme page: what each role sees and may do there."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from awards.models import NominationStatus
from tests.awards.conftest import file_work


def url(aw):
    return reverse("awards:programme-detail", args=[aw.programme.pk])


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_admin_sees_every_nomination_and_the_set_up_actions(world, aw, client_for):
    file_work(world, aw)
    file_work(world, aw, unit=world.yanchuan_bureau, user=world.neighbour_reporter, title="乙")
    response = client_for(world.province_admin).get(url(aw))
    assert response.status_code == 200
    assert response.context["is_admin"]
    assert len(response.context["nominations"]) == 2
    assert b'data-testid="edit"' in response.content
    assert b'data-testid="publish"' in response.content


def test_a_unit_sees_its_own_nominations_and_may_nominate(world, aw, client_for):
    mine = file_work(world, aw)
    file_work(world, aw, unit=world.yanchuan_bureau, user=world.neighbour_reporter, title="乙")
    response = client_for(world.reporter).get(url(aw))
    assert [n.pk for n in response.context["nominations"]] == [mine.pk]
    assert not response.context["is_admin"]
    assert b'data-testid="nominate"' in response.content
    assert b'data-testid="publish"' not in response.content
    filed = {n.unit.pk: n.filed for n in response.context["nominators"]}
    assert filed == {world.yanchang_bureau.pk: 1}


def test_an_approver_sees_but_does_not_file(world, aw, client_for):
    response = client_for(world.approver).get(url(aw))
    assert response.status_code == 200
    assert b'data-testid="nominate"' not in response.content


def test_a_judge_gets_the_judging_link(world, aw, client_for):
    response = client_for(world.city_reviewer).get(url(aw))
    assert response.context["is_judge"]
    assert b'data-testid="judging"' in response.content
    assert response.context["nominations"] == []


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer", "nobody"])
def test_outsiders_get_404(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 404


def test_post_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).post(url(aw)).status_code == 405


def test_a_rejected_nomination_is_not_counted_and_the_unit_nominates_again(world, aw, client_for):
    filed = [file_work(world, aw, title=f"作品{n}") for n in range(3)]
    services.nomination_sign_off(nomination=filed[0], user=world.approver)
    services.nomination_qualify(
        nomination=filed[0], user=world.province_admin, passed=False, reason="非本地区作品"
    )
    client = client_for(world.reporter)
    response = client.get(url(aw))
    (nominator,) = response.context["nominators"]
    assert (nominator.filed, nominator.limit) == (2, 3)
    row = re.search(rf'<tr data-unit="{world.yanchang_bureau.pk}">.*?</tr>', response.text)
    assert 'data-col="filed">2</td>' in row.group()
    assert 'data-testid="places-note"' in response.text

    response = client.post(
        reverse("awards:nomination-create", args=[aw.programme.pk]),
        {
            "unit": world.yanchang_bureau.pk,
            "category": aw.theme.pk,
            "nominee_name": "刘志刚",
            "nominee_unit": world.yanchang_bureau.pk,
            "work_title": "第四篇",
            "work_text": "村里的路修通了。",
        },
    )
    assert response.status_code == 302
    assert aw.programme.nominations.filter(status=NominationStatus.AWAITING_SIGNOFF).count() == 3
    (nominator,) = client.get(url(aw)).context["nominators"]
    assert nominator.filed == 3


def test_the_breadcrumb_is_named_in_chinese(world, aw, client_for):
    assert '<nav aria-label="导航路径">' in client_for(world.reporter).get(url(aw)).text

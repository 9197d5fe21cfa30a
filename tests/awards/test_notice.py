"""The public notice page: the proposed winners, without sign-in."""

from django.urls import reverse

from tests.awards.conftest import qualified_work


def url(programme):
    return reverse("awards:notice", args=[programme.pk])


def test_anyone_sees_the_proposed_winners(client, published):
    response = client.get(url(published.programme))
    assert response.status_code == 200
    content = response.content.decode()
    assert "一条硬化路" in content and "刘志刚" in content and "一等奖" in content
    assert "优秀组织奖" in content
    assert "落选作品" not in content
    assert response.context["open"]
    assert b'data-testid="objection-form"' in response.content


def test_a_programme_not_yet_published_is_404(world, aw, client):
    qualified_work(world, aw)
    assert client.get(url(aw.programme)).status_code == 404


def test_after_the_final_step_the_list_stays_without_the_form(client, final):
    response = client.get(url(final.programme))
    assert response.status_code == 200
    assert "一条硬化路" in response.content.decode()
    assert b'data-testid="objection-form"' not in response.content


def test_signed_in_people_see_it_too(world, client_for, published):
    assert client_for(world.outsider_reporter).get(url(published.programme)).status_code == 200


def test_post_is_not_allowed(client, published):
    assert client.post(url(published.programme)).status_code == 405

"""Switching the interface language: the cookie for this browser, the person for next time."""

from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from portal.models import User

URL = reverse("set_language")
HOME = reverse("home")


def test_switch_to_english_and_back(world, client_for):
    client = client_for(world.reporter)
    assertContains(client.get(HOME), '<html lang="zh-CN">')

    response = client.post(URL, {"language": "en", "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=world.reporter.pk).language == "en"
    assertContains(client.get(HOME), '<html lang="en">')

    response = client.post(URL, {"language": "zh-hans", "next": HOME})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert User.objects.get(pk=world.reporter.pk).language == "zh-hans"
    assertContains(client.get(HOME), '<html lang="zh-CN">')


def test_the_choice_follows_the_person_to_another_browser(world, client):
    client.post(
        reverse("login"), {"username": world.reporter.username, "password": "correct-horse-42"}
    )
    client.post(URL, {"language": "en", "next": HOME})

    client.cookies.clear()
    response = client.post(
        reverse("login"), {"username": world.reporter.username, "password": "correct-horse-42"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(client.get(HOME), '<html lang="en">')


def test_anonymous_switch_sets_only_the_cookie(client, db):
    response = client.post(URL, {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(client.get(reverse("login")), '<html lang="en">')


def test_unknown_language_changes_nothing(world, client_for):
    client = client_for(world.reporter)
    response = client.post(URL, {"language": "fr", "next": HOME})
    assert response.status_code == 302
    assert User.objects.get(pk=world.reporter.pk).language == "zh-hans"
    assertContains(client.get(HOME), '<html lang="zh-CN">')


def test_next_to_another_site_is_ignored(world, client_for):
    response = client_for(world.reporter).post(
        URL, {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_get_is_not_allowed(world, client_for):
    client = client_for(world.reporter)
    assert client.get(URL, {"language": "en"}).status_code == 405
    assert User.objects.get(pk=world.reporter.pk).language == "zh-hans"


def test_the_footer_offers_both_languages(world, client_for):
    response = client_for(world.reporter).get(HOME)
    assertContains(response, f'action="{URL}"')
    assertContains(response, 'name="language" value="en"')
    assertContains(response, 'name="language" value="zh-hans"')

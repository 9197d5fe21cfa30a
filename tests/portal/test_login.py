from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("login")


def test_demo_account_signs_in_and_lands_on_home(db, client):
    call_command("seed_demo", stdout=StringIO())

    response = client.post(
        LOGIN, {"username": "county_reporter", "password": "Demo@2026"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "county_reporter"
    assert "延长县扶贫开发局" in response.content.decode()


def test_login_page_renders_for_anonymous(db, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_signed_in_user_is_sent_on_from_login_page(world, client_for):
    response = client_for(world.reporter).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_next_parameter_is_followed(world, client):
    response = client.post(
        f"{LOGIN}?next={reverse('unit-list')}",
        {"username": "reporter", "password": PASSWORD, "next": reverse("unit-list")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit-list")


def test_next_to_another_site_is_ignored(world, client):
    response = client.post(
        LOGIN, {"username": "reporter", "password": PASSWORD, "next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_error_and_keeps_username(world, client):
    response = client.post(LOGIN, {"username": "reporter", "password": "not-the-password"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "请输入一个正确的用户名和密码" in body
    assert 'value="reporter"' in body
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_sign_in(world, client):
    world.reporter.is_active = False
    world.reporter.save()

    response = client.post(LOGIN, {"username": "reporter", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_saved_language_goes_into_the_language_cookie(world, client):
    world.reporter.language = "en"
    world.reporter.save()

    response = client.post(LOGIN, {"username": "reporter", "password": PASSWORD})

    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    # The next page is in the person's language, whatever the browser asked for.
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in home.content.decode()


def test_chinese_speaker_gets_chinese_cookie(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(LOGIN, {"username": "reporter", "password": PASSWORD})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"

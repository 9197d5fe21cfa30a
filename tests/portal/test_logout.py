from django.urls import reverse

LOGOUT = reverse("logout")


def test_get_is_not_allowed(world, client_for):
    client = client_for(world.reporter)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    # Still signed in: a link or image pointing here cannot sign anyone out.
    assert client.get(reverse("home")).status_code == 200


def test_post_ends_the_session(world, client_for):
    client = client_for(world.reporter)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("login"))


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reporter, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(LOGOUT)

    assert response.status_code == 403
    assert client.get(reverse("home")).status_code == 200


def test_anonymous_post_redirects_to_login(db, client):
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")

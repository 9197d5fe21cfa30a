from django.urls import reverse

from tests.conftest import PASSWORD

CHANGE = reverse("password_change")
NEW = "Yanchang#Spring2026"


def _form(old=PASSWORD, new=NEW, again=NEW):
    return {"old_password": old, "new_password1": new, "new_password2": again}


def test_form_renders_for_signed_in_user(world, client_for):
    response = client_for(world.reporter).get(CHANGE)
    assert response.status_code == 200
    assert 'name="old_password"' in response.content.decode()


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_change_then_sign_in_with_new_password(world, client_for, client):
    response = client_for(world.reporter).post(CHANGE, _form())

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    # The session survives the change (Django updates the session hash).
    assert client.get(reverse("password_change_done")).status_code == 200

    client.post(reverse("logout"))
    old = client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
    assert old.status_code == 200
    signed_in = client.post(reverse("login"), {"username": "reporter", "password": NEW})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("home")


def test_wrong_old_password_is_reported_beside_the_field(world, client_for):
    response = client_for(world.reporter).post(CHANGE, _form(old="not-my-password"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["old_password"]
    body = response.content.decode()
    assert "你的旧密码不正确" in body
    assert 'id="error_1_id_old_password"' in body
    world.reporter.refresh_from_db()
    assert world.reporter.check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused(world, client_for):
    response = client_for(world.reporter).post(CHANGE, _form(again=NEW + "x"))

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    world.reporter.refresh_from_db()
    assert world.reporter.check_password(PASSWORD)


def test_weak_new_password_is_refused(world, client_for):
    response = client_for(world.reporter).post(CHANGE, _form(new="12345678", again="12345678"))

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    world.reporter.refresh_from_db()
    assert world.reporter.check_password(PASSWORD)

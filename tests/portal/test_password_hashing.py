"""Passwords are hashed with Argon2id at the portal's parameters; a hash made by the former
default (PBKDF2) or with other parameters still signs in and is remade at that sign-in.

The test settings use a fast hasher; these tests put back the production list."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.urls import reverse

from portal import settings as production
from portal.hashers import PortalArgon2PasswordHasher
from portal.models import User
from tests.conftest import PASSWORD

PORTAL_ARGON2 = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_argon2_comes_first_in_production():
    assert production.PASSWORD_HASHERS[0] == "portal.hashers.PortalArgon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


def test_new_passwords_get_the_portals_argon2(production_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith(PORTAL_ARGON2)
    assert isinstance(identify_hasher(encoded), PortalArgon2PasswordHasher)
    assert check_password(PASSWORD, encoded)
    assert not check_password("not-the-password", encoded)


def _pbkdf2():
    # The former default, PBKDF2-SHA256 (fewer iterations than Django's, to keep this quick).
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt(), iterations=1000)


def _django_argon2():
    # Argon2 at Django's own parameters (100 MiB in 8 lanes).
    hasher = Argon2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


@pytest.mark.parametrize("old_hash", [_pbkdf2, _django_argon2], ids=["pbkdf2", "django-argon2"])
def test_an_older_hash_signs_in_and_is_remade_with_argon2(
    world, client, production_hashers, old_hash
):
    User.objects.filter(pk=world.reporter.pk).update(password=old_hash())
    response = client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    remade = User.objects.get(pk=world.reporter.pk).password
    assert remade.startswith(PORTAL_ARGON2)
    assert check_password(PASSWORD, remade)
    # And the next sign-in reads the new hash.
    client.logout()
    response = client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=world.reporter.pk).password == remade


def test_a_wrong_password_leaves_the_old_hash(world, client, production_hashers):
    old = _pbkdf2()
    User.objects.filter(pk=world.reporter.pk).update(password=old)
    response = client.post(reverse("login"), {"username": "reporter", "password": "wrong-42"})
    assert response.status_code == 200
    assert User.objects.get(pk=world.reporter.pk).password == old

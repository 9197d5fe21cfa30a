"""API tokens: made on the person's own page and shown once, stored hashed, revoked there,
refused when expired or revoked, two factors to make one where the role requires them, and
every use in the journal."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from api import services
from api.journal import LABELS, TOKEN_CREATED, TOKEN_REVOKED, TOKEN_USED
from api.models import ApiToken
from portal import journal
from portal.clock import CHINA
from portal.models import JournalEntry
from tests.portal.test_two_factor import code_for, enrol, require_of, sign_in

TOKENS = reverse("api:tokens")
REPORTS = "/api/v1/reports/"


def make_token(client, name="县新闻系统", lifetime=90):
    return client.post(TOKENS, {"name": name, "lifetime": lifetime})


def secret_in(response) -> str:
    return response.context["secret"]


def test_a_token_is_shown_once_and_stored_hashed(world, client_for):
    client = client_for(world.reporter)
    response = make_token(client)

    secret = secret_in(response)
    assert secret.startswith("pat_") and len(secret) > 40
    assertContains(response, secret)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.user == world.reporter and token.name == "县新闻系统"
    assert token.hashed == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key == secret[: len(token.key)] and len(token.key) < 16
    # Nowhere in the row in clear, and never on the page again.
    assert secret not in str(ApiToken.objects.values().get())
    page = client.get(TOKENS)
    assertNotContains(page, secret)
    assertContains(page, token.key)


def test_the_token_expires_after_the_chosen_days(world, client_for):
    before = timezone.now()
    make_token(client_for(world.reporter), lifetime=30)
    token = ApiToken.objects.get()
    assert (
        before + dt.timedelta(days=30) <= token.expires_at <= timezone.now() + dt.timedelta(days=30)
    )


def test_the_default_lifetime_is_ninety_days(world):
    token, _secret = services.token_create(user=world.reporter, name="x")
    assert token.expires_at - token.created_at == dt.timedelta(days=90)


def test_a_name_is_required(world, client_for):
    response = make_token(client_for(world.reporter), name="")
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors["name"]


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(TOKENS)["Location"].startswith(reverse("login"))


def test_the_person_lists_only_their_own_tokens(world, client_for):
    services.token_create(user=world.neighbour_reporter, name="邻县系统")
    services.token_create(user=world.reporter, name="本县系统")
    page = client_for(world.reporter).get(TOKENS)
    assertContains(page, "本县系统")
    assertNotContains(page, "邻县系统")


def test_revoking_a_token_stops_it(world, client_for, api_for):
    token, secret = services.token_create(user=world.reporter, name="x")
    client = client_for(world.reporter)
    assert api_for(secret=secret).get(REPORTS).status_code == 200

    response = client.post(reverse("api:token-revoke", args=[token.pk]))

    assertRedirects(response, TOKENS)
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api_for(secret=secret).get(REPORTS)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_persons_token(world, client_for):
    token, _secret = services.token_create(user=world.neighbour_reporter, name="x")
    response = client_for(world.reporter).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_takes_post(world, client_for):
    token, _secret = services.token_create(user=world.reporter, name="x")
    assert (
        client_for(world.reporter).get(reverse("api:token-revoke", args=[token.pk])).status_code
        == 405
    )


def test_an_expired_token_is_refused(world, api_for):
    with time_machine.travel(timezone.now() - dt.timedelta(days=91)):
        _token, secret = services.token_create(user=world.reporter, name="x")
    response = api_for(secret=secret, language="en").get(REPORTS)
    assert response.status_code == 401
    assert response.json()["detail"] == "The token has expired."


def test_an_unknown_or_mangled_token_is_refused(world, api_for):
    _token, secret = services.token_create(user=world.reporter, name="x")
    for wrong in [secret[:-1] + ("A" if secret[-1] != "A" else "B"), "pat_", "nonsense"]:
        assert api_for(secret=wrong).get(REPORTS).status_code == 401


def test_a_disabled_persons_token_is_refused(world, api_for):
    _token, secret = services.token_create(user=world.reporter, name="x")
    world.reporter.is_active = False
    world.reporter.save()
    assert api_for(secret=secret).get(REPORTS).status_code == 401


def test_every_use_is_in_the_journal(world, api_for):
    token, secret = services.token_create(user=world.reporter, name="x")
    api = api_for(secret=secret)
    api.get(REPORTS)
    api.get("/api/v1/units/")

    uses = JournalEntry.objects.filter(action=TOKEN_USED).order_by("pk")
    assert [e.data["path"] for e in uses] == [REPORTS, "/api/v1/units/"]
    assert all(e.actor == world.reporter and e.object_id == token.pk for e in uses)
    assert uses[0].address == "127.0.0.1"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_last_use_is_kept_to_the_minute(world, api_for):
    def at(minute, second):
        return dt.datetime(2026, 12, 4, 10, minute, second, tzinfo=CHINA)

    with time_machine.travel(at(0, 5), tick=False):
        token, secret = services.token_create(user=world.reporter, name="x")
        api = api_for(secret=secret)
        api.get(REPORTS)
    with time_machine.travel(at(0, 50), tick=False):
        api.get(REPORTS)
    token.refresh_from_db()
    assert token.last_used_at == at(0, 5)
    with time_machine.travel(at(1, 5), tick=False):
        api.get(REPORTS)
    token.refresh_from_db()
    assert token.last_used_at == at(1, 5)
    assert JournalEntry.objects.filter(action=TOKEN_USED).count() == 3


def test_making_and_revoking_are_in_the_journal(world, client_for):
    client = client_for(world.reporter)
    make_token(client)
    token = ApiToken.objects.get()
    client.post(reverse("api:token-revoke", args=[token.pk]))
    client.post(reverse("api:token-revoke", args=[token.pk]))  # again: nothing more

    entries = JournalEntry.objects.filter(action__startswith="api.token.", object_id=token.pk)
    assert sorted(e.action for e in entries) == sorted([TOKEN_CREATED, TOKEN_REVOKED])
    assert all(e.actor == world.reporter for e in entries)


@pytest.mark.parametrize("code", sorted(LABELS))
def test_each_action_reads_as_words_in_both_languages(code):
    with translation.override("zh-hans"):
        chinese = str(journal.label(code))
    with translation.override("en"):
        english = str(journal.label(code))
    assert chinese != code and english != code and chinese != english


# --- Two factors ---------------------------------------------------------------------------


def test_a_role_that_requires_two_factors_needs_them_to_make_a_token(world):
    require_of(["reviewer"])
    with pytest.raises(PermissionDenied):
        services.token_create(user=world.city_reviewer, name="x")
    world.city_reviewer.is_verified = lambda: True
    services.token_create(user=world.city_reviewer, name="x")
    # A reporter's role does not require them here.
    services.token_create(user=world.reporter, name="y")


def test_the_page_refuses_a_session_without_its_second_factor(world, client_for):
    require_of(["reviewer"])
    response = make_token(client_for(world.city_reviewer))
    assert response.status_code == 302  # sent to set up two-step sign-in
    assert not ApiToken.objects.exists()


def test_a_session_signed_in_with_both_factors_makes_a_token(world, client):
    require_of(["reviewer"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        device, _codes = enrol(world.city_reviewer)
        traveller.shift(dt.timedelta(seconds=30))
        sign_in(client, "city_reviewer")
        client.post(reverse("two-factor-verify"), {"code": code_for(device)})
        response = make_token(client)
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=world.city_reviewer).count() == 1


def test_the_account_menu_links_to_the_tokens_page(world, client_for):
    assertContains(client_for(world.reporter).get(reverse("home")), TOKENS)

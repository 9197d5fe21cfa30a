"""A caring person (爱心人士) registers on a public page and is signed in: no roles, so no
staff page opens to them, but they can light up a wish and find it under "Wishes I lit
up". Bad input comes back with the message beside the field; sign-ups are limited per
address, and a filled-in honeypot is refused."""

import re
from datetime import date

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from donations import rules
from donations.models import Wish, WishStatus
from donations.signup import (
    SIGNUPS_PER_HOUR,
    SignupRefused,
    caring_person_register,
    normalise_mobile,
)
from portal import security_events
from portal.models import JournalEntry, Membership, User
from tests.donations.conftest import make_project
from tests.donations.test_wishes_services import make_wish
from tests.factories import UserFactory

URL = reverse("donations:public-join")
WISHES = reverse("donations:public-wishes")
MINE = reverse("donations:my-claims")
PASSWORD = "Lan-Hua-Cao-2026"

FORM = {
    "username": "aixin_li",
    "full_name": "李爱心",
    "phone": "139 1234 5678",
    "email": "li.aixin@example.com",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "agree": "on",
    "website": "",
}


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def field_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def value_of(html: str, name: str) -> str | None:
    """The value the page's input `name` carries, or None if it has none."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


# --- The page -------------------------------------------------------------------------


def test_anyone_can_open_the_page(db, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("username", "full_name", "phone", "email", "password1", "password2", "agree"):
        assert f'id="id_{field}"' in html
    # The honeypot is in the form but off screen and out of the tab order.
    assert re.search(
        r'class="visually-hidden"\s+aria-hidden="true">\s*<div id="div_id_website"', html
    )
    assert 'tabindex="-1"' in html


def test_the_wishes_page_and_the_sign_in_page_link_here(dw, client):
    make_wish(dw)
    wishes = client.get(WISHES).content.decode()
    join_next = f"{URL}?next={WISHES}"
    assert f'href="{join_next}" data-testid="join-to-claim"' in wishes
    assert f'href="{join_next}" data-testid="join-link"' in wishes
    login = client.get(reverse("login") + f"?next={MINE}").content.decode()
    assert f'href="{URL}?next={MINE}" data-testid="join-link"' in login


def test_signed_in_people_do_not_see_the_links(dw, client_for):
    make_wish(dw)
    html = client_for(dw.nobody).get(WISHES).content.decode()
    assert URL not in html


def test_other_methods_are_refused(db, client):
    assert client.put(URL).status_code == 405


# --- Signing up -----------------------------------------------------------------------


def test_signing_up_creates_a_caring_person_signs_them_in_and_lands_on_the_wishes(db, client):
    response = client.post(URL, FORM)
    assert response.status_code == 302
    assert response["Location"] == WISHES
    user = User.objects.get(username="aixin_li")
    assert (user.full_name, user.phone, user.email, user.language) == (
        "李爱心",
        "13912345678",
        "li.aixin@example.com",
        "zh-hans",
    )
    assert user.check_password(PASSWORD)
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)
    assert not Membership.objects.filter(user=user).exists()
    assert messages_of(response) == [
        zh("Welcome, %(name)s: you are registered and signed in. Choose a wish and light it up.")
        % {"name": "李爱心"}
    ]
    page = client.get(WISHES)
    assert page.context["user"] == user
    # The menu is the caring person's: the public wishes and the ones they lit up.
    assert [item["name"] for item in page.context["nav_items"]] == [
        "home",
        "public-wishes",
        "my-claims",
    ]
    # Signed in past django-axes, and the journal records the sign-in like any other.
    assert JournalEntry.objects.filter(action=security_events.SIGNED_IN, actor=user).exists()
    # And the password works at the sign-in page afterwards.
    assert Client().post(reverse("login"), {"username": "aixin_li", "password": PASSWORD})[
        "Location"
    ] == reverse("home")


def test_the_creation_is_in_the_persons_history(db, client):
    client.post(URL, FORM)
    record = User.objects.get(username="aixin_li").history.earliest("history_date")
    assert (record.history_type, record.history_user) == ("+", None)
    assert record.history_change_reason == "donations.caring_person.registered"


def test_a_safe_next_is_followed(db, client):
    response = client.post(URL, {**FORM, "next": MINE})
    assert response["Location"] == MINE


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_an_unsafe_next_is_ignored(db, client, target):
    response = client.post(URL, {**FORM, "next": target})
    assert response["Location"] == WISHES


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13912345678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("0086 13912345678", "13912345678"),
        ("12345678901", "12345678901"),
    ],
)
def test_mobile_numbers_are_stored_as_11_digits(typed, stored):
    assert normalise_mobile(typed) == stored


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["1391234567", "139123456789", "12912345678", "23912345678", "0911-1234567", "abc"]
)
def test_a_number_that_is_not_a_mainland_mobile_is_refused_beside_the_field(db, client, phone):
    response = client.post(URL, {**FORM, "phone": phone})
    assert response.status_code == 200
    assert not User.objects.exists()
    message = zh("Enter a mainland mobile number: 11 digits starting with 1, e.g. 13912345678.")
    assert field_errors(response) == {"phone": [message]}
    html = response.content.decode()
    assert 'id="error_1_id_phone"' in html
    assert message in html


def test_bad_input_keeps_what_was_typed_but_not_the_passwords(db, client):
    response = client.post(URL, {**FORM, "phone": "1234", "password2": "something-else-42"})
    assert set(field_errors(response)) == {"phone", "password2"}
    html = response.content.decode()
    assert 'id="error_1_id_password2"' in html
    assert value_of(html, "username") == "aixin_li"
    assert value_of(html, "full_name") == "李爱心"
    assert value_of(html, "email") == "li.aixin@example.com"
    assert value_of(html, "phone") == "1234"
    assert re.search(r'<input[^>]*name="agree"[^>]*checked', html)
    assert value_of(html, "password1") is None
    assert value_of(html, "password2") is None
    assert PASSWORD not in html


def test_a_taken_user_name_is_refused_beside_the_field_whatever_its_case(dw, client):
    response = client.post(URL, {**FORM, "username": "Reporter"})
    assert list(field_errors(response)) == ["username"]
    assert 'id="error_1_id_username"' in response.content.decode()
    assert User.objects.filter(username__iexact="reporter").count() == 1


IDENTITY_TAKEN = (
    "This mobile number or email address cannot be used for a new account. If you have an "
    "account already, sign in or reset your password."
)


@pytest.mark.parametrize(
    "taken",
    [{"phone": "+86 139-1234-5678"}, {"email": "Li.Aixin@Example.com"}],
    ids=["phone", "email"],
)
def test_a_mobile_number_or_email_in_use_is_refused_without_saying_which(db, client, taken):
    UserFactory(username="first", phone="13912345678", email="li.aixin@example.com")
    response = client.post(
        URL, {**FORM, "phone": "13700000000", "email": "other@example.com", **taken}
    )
    message = zh(IDENTITY_TAKEN)
    assert field_errors(response) == {"__all__": [message]}
    assert message in response.content.decode()
    assert not User.objects.filter(username="aixin_li").exists()


def test_a_mobile_number_in_use_is_not_told_to_a_form_refused_for_another_reason(db, client):
    UserFactory(username="first", phone="13912345678")
    response = client.post(URL, {**FORM, "password2": "something-else-42"})
    assert list(field_errors(response)) == ["password2"]
    assert zh(IDENTITY_TAKEN) not in response.content.decode()


def test_the_password_validators_apply(db, client):
    weak = "12345678"
    response = client.post(URL, {**FORM, "password1": weak, "password2": weak})
    with pytest.raises(ValidationError) as expected:
        validate_password(weak)
    assert field_errors(response)["password2"] == expected.value.messages
    assert not User.objects.exists()


def test_a_password_like_the_user_name_is_refused(db, client):
    response = client.post(URL, {**FORM, "password1": "aixin_li1", "password2": "aixin_li1"})
    assert list(field_errors(response)) == ["password2"]


@pytest.mark.parametrize("missing", ["username", "full_name", "phone", "email", "agree"])
def test_each_field_is_required(db, client, missing):
    data = {k: v for k, v in FORM.items() if k != missing}
    response = client.post(URL, data)
    assert list(field_errors(response)) == [missing]
    assert not User.objects.exists()


def test_the_agreement_says_why_it_is_needed(db, client):
    response = client.post(URL, {k: v for k, v in FORM.items() if k != "agree"})
    assert field_errors(response) == {
        "agree": [zh("Please agree, or the helping unit cannot contact you.")]
    }


# --- Abuse limits ---------------------------------------------------------------------


def test_sign_ups_from_one_address_are_limited_per_hour(db):
    for n in range(SIGNUPS_PER_HOUR):
        response = Client().post(
            URL,
            {
                **FORM,
                "username": f"aixin{n}",
                "phone": f"139000000{n:02d}",
                "email": f"aixin{n}@example.com",
            },
        )
        assert response.status_code == 302, n
    response = Client().post(URL, {**FORM, "username": "one_too_many", "phone": "13700000000"})
    assert response.status_code == 429
    assert not User.objects.filter(username="one_too_many").exists()
    assert messages_of(response) == [
        zh(
            "Too many sign-ups from your connection in the last hour. Nothing was "
            "registered; please try again later."
        )
    ]
    html = response.content.decode()
    assert value_of(html, "username") == "one_too_many"
    assert value_of(html, "phone") == "13700000000"
    assert value_of(html, "password1") is None
    # Nothing was checked, so nothing is said about the fields.
    assert "error_1_id" not in html
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9").post(
        URL,
        {**FORM, "username": "next_door", "phone": "13700000001", "email": "next@example.com"},
    )
    assert other.status_code == 302


def test_refused_attempts_count_towards_the_limit(db, client):
    for _ in range(SIGNUPS_PER_HOUR):
        assert client.post(URL, {**FORM, "phone": "1"}).status_code == 200
    assert client.post(URL, FORM).status_code == 429
    assert not User.objects.exists()


def test_the_limit_is_kept_apart_from_pledge_intentions(dw, client, time_machine):
    time_machine.move_to(date(2026, 10, 12))
    pledge = reverse("donations:public-pledge", args=[dw.drive.pk])
    for _ in range(rules.PUBLIC_PLEDGES_PER_HOUR + 1):
        client.post(pledge, {"donor_name": "x"})
    assert client.post(URL, FORM).status_code == 302


def test_a_filled_honeypot_is_refused(db, client):
    response = client.post(URL, {**FORM, "website": "http://spam.example/"})
    assert response.status_code == 400
    assert not User.objects.exists()
    assert messages_of(response) == [
        zh(
            "Your sign-up was not accepted: the field that must stay empty was filled "
            "in. Please clear it and try again."
        )
    ]
    html = response.content.decode()
    assert value_of(html, "username") == "aixin_li"
    assert value_of(html, "website") is None
    assert "spam.example" not in html
    assert not response.wsgi_request.user.is_authenticated


# --- Signed in already ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["nobody", "reporter", "province_admin"])
def test_signed_in_people_are_sent_on(world, client_for, who):
    client = client_for(getattr(world, who))
    response = client.get(URL)
    assert response["Location"] == WISHES
    assert client.get(URL + f"?next={MINE}")["Location"] == MINE
    assert client.post(URL, {**FORM, "username": "another"})["Location"] == WISHES
    assert not User.objects.filter(username="another").exists()


# --- What a caring person may do -------------------------------------------------------


@pytest.fixture
def caring(dw, client):
    client.post(URL, FORM)
    return client


STAFF_PAGES = [
    ("donations:project-create", None, 403),
    ("donations:drive-create", None, 403),
    ("donations:wish-create", None, 403),
    ("donations:statistics", None, 403),
    ("donations:project-detail", "project", 404),
    ("donations:drive-detail", "drive", 404),
    ("submissions:queue", None, 403),
    ("submissions:completeness", None, 403),
    ("submissions:assessment", None, 403),
    ("campaigns:campaign-list", None, 403),
    ("campaigns:campaign-create", None, 403),
]


def test_a_caring_person_opens_no_staff_page(dw, caring):
    objs = {"project": make_project(dw).pk, "drive": dw.drive.pk}
    for name, key, status in STAFF_PAGES:
        url = reverse(name, args=[objs[key]] if key else [])
        assert caring.get(url).status_code == status, name
    # Not staff: the admin sends them to its own sign-in.
    assert caring.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_a_caring_person_lights_up_a_wish_and_finds_it_under_mine(dw, caring):
    wish = make_wish(dw)
    assert caring.get(WISHES).content.decode().count('data-testid="claim"') == 1
    response = caring.post(reverse("donations:wish-claim", args=[wish.pk]))
    assert response["Location"] == MINE
    wish.refresh_from_db()
    assert (wish.status, wish.claimed_by.username) == (WishStatus.CLAIMED, "aixin_li")
    mine = caring.get(MINE)
    assert list(mine.context["wishes"]) == [wish]
    assert 'data-testid="claim-row" data-status="claimed"' in mine.content.decode()
    # The helping unit sees who lit it up; the public does not.
    helper = Client()
    helper.force_login(dw.helper, backend="django.contrib.auth.backends.ModelBackend")
    helper_page = helper.get(reverse("donations:wish-list")).content.decode()
    assert "李爱心" in helper_page
    # The unit calls them to arrange the wish: masked on the list, in full after "show".
    assert "139****5678" in helper_page
    assert "13912345678" not in helper_page
    shown = helper.post(
        reverse("donations:wish-personal-data", args=[wish.pk]), {"field": "claimant_phone"}
    )
    assert "13912345678" in shown.content.decode()
    # A reviewer above the unit sees who lit it up, not their number: they agreed to
    # the helping unit calling them, nobody else.
    reviewer = Client()
    reviewer.force_login(dw.city_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    reviewer_page = reviewer.get(reverse("donations:wish-list")).content.decode()
    assert "李爱心" in reviewer_page
    assert "13912345678" not in reviewer_page
    assert "李爱心" not in Client().get(WISHES).content.decode()


# --- The service ----------------------------------------------------------------------


def register(**overrides):
    data = {
        "username": "aixin_li",
        "full_name": "李爱心",
        "phone": "13912345678",
        "email": "li.aixin@EXAMPLE.COM",
        "password": PASSWORD,
    }
    return caring_person_register(**(data | overrides))


def test_the_service_creates_a_person_without_roles(db):
    user = register()
    assert user.pk and user.email == "li.aixin@example.com"
    assert not user.memberships.exists()


def test_the_service_refuses_a_taken_name_phone_or_email(db):
    register()
    with pytest.raises(SignupRefused) as refused:
        register(username="AIXIN_LI", phone="13900000000")
    assert list(refused.value.error.message_dict) == ["username"]
    with pytest.raises(SignupRefused) as refused:
        register(username="someone_else")
    assert refused.value.error.code == "identity_taken"
    with pytest.raises(SignupRefused) as refused:
        register(username="someone_else", phone="13900000000", email="LI.AIXIN@example.com")
    assert refused.value.error.code == "identity_taken"
    assert User.objects.count() == 1


def test_the_service_refuses_what_the_model_refuses(db):
    with pytest.raises(SignupRefused) as refused:
        register(username="has space")
    assert "username" in refused.value.error.message_dict
    assert not User.objects.exists()


# --- In a browser ---------------------------------------------------------------------


@pytest.mark.browser
def test_a_visitor_registers_lights_up_a_wish_and_finds_it_under_mine(page, dw):
    make_wish(dw)
    page.goto(WISHES)
    page.get_by_test_id("wish").get_by_test_id("join-to-claim").click()
    page.wait_for_url(re.compile(r"/donations/public/join/\?next="))
    form = page.get_by_test_id("join-form")
    form.locator("#id_username").fill("aixin_li")
    form.locator("#id_full_name").fill("李爱心")
    form.locator("#id_phone").fill("139-1234-5678")
    form.locator("#id_email").fill("li.aixin@example.com")
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill("a typo")
    form.locator("#id_agree").check()
    # The honeypot is not there for a person to see.
    hidden = form.locator("div.visually-hidden", has=page.locator("#id_website"))
    assert hidden.bounding_box()["width"] <= 1
    page.get_by_test_id("join-submit").click()
    # The mismatch is shown beside the second password; what was typed is kept.
    page.locator("#error_1_id_password2").wait_for()
    assert form.locator("#id_full_name").input_value() == "李爱心"
    assert form.locator("#id_password1").input_value() == ""
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    page.get_by_test_id("join-submit").click()
    page.wait_for_url(re.compile(r"/donations/public/wishes/$"))
    page.locator(".alert-success").wait_for()
    assert "李爱心" in page.get_by_test_id("user-menu").inner_text()

    page.get_by_test_id("wish").get_by_test_id("claim").click()
    page.wait_for_url(re.compile(r"/donations/wishes/mine/$"))
    assert page.get_by_test_id("claim-row").get_attribute("data-status") == "claimed"
    assert "一台电暖器" in page.get_by_test_id("my-claims").inner_text()
    assert Wish.objects.get().claimed_by == User.objects.get(username="aixin_li")

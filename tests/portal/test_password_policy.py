"""The password policy (portal.passwords): length, complexity and no reuse of the last few,
refused beside the field wherever a password is set; expiry sends staff to change it."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext

from portal.models import PasswordHistory, SecurityPolicy
from tests.conftest import PASSWORD

CHANGE = reverse("password_change")
NEW = "Yanchang#Spring2026"
TOO_SIMPLE = "yanchangspring"  # long enough, lower-case letters only
TOO_SHORT = "Ab#1x"


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def set_policy(**values):
    """Save the policy row (as the policy page would), which drops the cached policy."""
    SecurityPolicy.objects.update_or_create(pk=1, defaults=values)


def _change(client, new, old=PASSWORD, **extra):
    return client.post(
        CHANGE + extra.pop("query", ""),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


# --- Length, complexity, history --------------------------------------------------------


def test_demo_password_passes(world):
    validate_password("Demo@2026", world.reporter)


@pytest.mark.parametrize(
    "password, kinds_ok",
    [("yanchangspring", False), ("YANCHANG2026", False), ("Yanchang2026", True)],
)
def test_three_of_four_kinds(world, password, kinds_ok):
    if kinds_ok:
        validate_password(password, world.reporter)
    else:
        with pytest.raises(ValidationError) as error:
            validate_password(password, world.reporter)
        assert [e.code for e in error.value.error_list] == ["password_too_simple"]


def test_too_simple_is_refused_beside_the_field(world, client_for):
    response = _change(client_for(world.reporter), TOO_SIMPLE)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["new_password2"]
    body = response.content.decode()
    assert 'id="error_1_id_new_password2"' in body
    assert (
        zh(
            "This password is too simple. Use at least three of these four: "
            "upper-case letters, lower-case letters, digits and symbols."
        )
        in body
    )


def test_length_follows_the_policy(world, client_for):
    set_policy(password_min_length=12)
    client = client_for(world.reporter)

    response = _change(client, "Short#2026a")  # 11 characters
    assert response.status_code == 200
    assert "12" in " ".join(response.context["form"].errors["new_password2"])
    assert _change(client, "Longer#2026ab").status_code == 302


def test_help_text_on_the_change_page_says_the_rules(world, client_for):
    body = client_for(world.reporter).get(CHANGE).content.decode()
    assert (
        zh(
            "Your password must use at least three of these four: upper-case letters, "
            "lower-case letters, digits and symbols."
        )
        in body
    )


def test_the_password_in_use_cannot_be_chosen_again(world, client_for):
    response = _change(client_for(world.reporter), PASSWORD)

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["new_password2"]] == [
        "password_reused"
    ]


def test_none_of_the_last_five_may_be_reused(world, client_for):
    client = client_for(world.reporter)
    passwords = [PASSWORD] + [f"Yanchang#{n}Spring" for n in range(5)]
    for old, new in itertools.pairwise(passwords):
        assert _change(client, new, old=old).status_code == 302
    assert PasswordHistory.objects.filter(user=world.reporter).count() == 5

    # The first password is now six back: allowed again; the second is five back: refused.
    refused = _change(client, passwords[1], old=passwords[-1])
    assert refused.status_code == 200
    with translation.override("zh-hans"):
        message = ngettext(
            "You have used this password recently. Choose one that is not the same as your "
            "last one.",
            "You have used this password recently. Choose one that is not among your last "
            "%(count)d.",
            5,
        ) % {"count": 5}
    assert "最近 5 次" in message
    assert message in refused.content.decode()
    assert _change(client, PASSWORD, old=passwords[-1]).status_code == 302


def test_a_change_keeps_the_hash_and_starts_the_age(world, client_for):
    before = timezone.now()
    assert _change(client_for(world.reporter), NEW).status_code == 302

    world.reporter.refresh_from_db()
    assert world.reporter.password_changed_at >= before
    kept = PasswordHistory.objects.get(user=world.reporter)
    assert kept.password == world.reporter.password
    assert NEW not in kept.password


def test_reset_confirm_refuses_a_weak_password_beside_the_field(world, client):
    user = world.reporter
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = reverse("password_reset_confirm", args=[uid, token])
    form_url = client.get(link)["Location"]

    response = client.post(form_url, {"new_password1": TOO_SHORT, "new_password2": TOO_SHORT})

    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["new_password2"]]
    assert codes == ["password_too_short"]


def test_sign_up_refuses_a_too_simple_password_beside_the_field(db, client):
    from tests.donations.test_signup import FORM, URL

    response = client.post(URL, {**FORM, "password1": TOO_SIMPLE, "password2": TOO_SIMPLE})

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert zh(
        "This password is too simple. Use at least three of these four: "
        "upper-case letters, lower-case letters, digits and symbols."
    ) in (response.content.decode())


def test_admin_password_change_refuses_a_reused_password(world):
    form = AdminPasswordChangeForm(world.reporter, {"password1": PASSWORD, "password2": PASSWORD})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["password2"]] == ["password_reused"]


# --- Expiry -----------------------------------------------------------------------------


def _age(user, days):
    user.password_changed_at = timezone.now() - timedelta(days=days)
    user.save(update_fields=["password_changed_at"])


def test_an_expired_password_sends_staff_to_change_it_then_on(world, client_for):
    set_policy(password_max_age_days=90)
    _age(world.reporter, 91)
    client = client_for(world.reporter)
    target = reverse("submissions:my-reports")

    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGE}?next={target.replace('/', '%2F')}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    with translation.override("zh-hans"):
        expired = ngettext(
            "Your password has expired: it is more than %(days)d day old. "
            "Choose a new one to go on.",
            "Your password has expired: it is more than %(days)d days old. "
            "Choose a new one to go on.",
            90,
        ) % {"days": 90}
    assert "已过期" in expired
    assert expired in page.content.decode()
    assert f'name="next" value="{target}"' in page.content.decode()

    # Nowhere else until it is changed; then back to where the person was going.
    assert client.get(reverse("home"))["Location"].startswith(CHANGE)
    changed = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, "next": target},
    )
    assert changed.status_code == 302
    assert changed["Location"] == target
    assert client.get(target).status_code == 200


def test_a_password_younger_than_the_limit_is_fine(world, client_for):
    set_policy(password_max_age_days=90)
    _age(world.reporter, 89)
    assert client_for(world.reporter).get(reverse("home")).status_code == 200


def test_without_a_date_the_age_counts_from_joining(world, client_for):
    set_policy(password_max_age_days=90)
    world.reporter.date_joined = timezone.now() - timedelta(days=100)
    world.reporter.save(update_fields=["date_joined"])
    assert client_for(world.reporter).get(reverse("home")).status_code == 302


def test_zero_days_means_passwords_do_not_expire(world, client_for):
    set_policy(password_max_age_days=0)
    _age(world.reporter, 900)
    assert client_for(world.reporter).get(reverse("home")).status_code == 200


def test_an_expired_person_may_still_sign_out_and_switch_language(world, client_for):
    set_policy(password_max_age_days=90)
    _age(world.reporter, 91)
    client = client_for(world.reporter)

    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_a_caring_person_is_not_sent_to_change_it(world, client_for):
    # world.nobody holds no role: a caring person from the public sign-up.
    set_policy(password_max_age_days=90)
    _age(world.nobody, 400)
    assert client_for(world.nobody).get(reverse("home")).status_code == 200

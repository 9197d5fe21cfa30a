"""Two-step sign-in (身份鉴别, MLPS 2.0 level 3): an authenticator app and recovery codes,
asked after the password, required of the roles the security policy names.

The test settings require it of nobody (portal/test_settings.py); these tests turn it on by
saving the policy row, as the security administrator would.
"""

import datetime as dt
import re
import time

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal import two_factor
from portal.models import JournalEntry, Role, User
from portal.security import current_policy
from tests.conftest import PASSWORD
from tests.factories import person

LOGIN = reverse("login")
SETUP = reverse("two-factor-setup")
VERIFY = reverse("two-factor-verify")
OVERVIEW = reverse("two-factor")
QUEUE = reverse("submissions:queue")
HOME = reverse("home")
STAFF_ROLES = ["admin", "reviewer", "security", "auditor"]

WRONG_CODE = "这个验证码不对"
SEND_TO_SETUP = "您的角色要求两步登录"


def require_of(roles):
    policy = current_policy()
    policy.two_factor_roles = list(roles)
    policy.save()


@pytest.fixture
def required(world):
    """The production default: staff roles must use two factors."""
    require_of(STAFF_ROLES)


def code_for(device, *, ahead=0) -> str:
    """The code the person's app shows now (or `ahead` steps of 30 seconds later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device) -> str:
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.authenticator_start(user=user)
    codes = two_factor.authenticator_confirm(
        user=user, device=device, code=code_for(device), address=None
    )
    device.refresh_from_db()
    return device, codes


def world_user(username) -> User:
    return User.objects.get(username=username)


def sign_in(client, username, **extra):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, **extra)


def signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def field_error(response) -> str:
    match = re.search(r'id="error_1_id_code"[^>]*>\s*<strong>(.*?)</strong>', response.text, re.S)
    return match.group(1) if match else ""


# --- Required by role -----------------------------------------------------------------


def test_reviewer_without_an_authenticator_is_sent_to_set_one_up(required, client):
    assert sign_in(client, "city_reviewer").status_code == 302

    response = client.get(QUEUE, follow=True)

    assert response.redirect_chain[-1][0] == f"{SETUP}?next={QUEUE.replace('/', '%2F')}"
    assertContains(response, SEND_TO_SETUP)
    assertContains(response, 'data-testid="two-factor-qr"')
    assert TOTPDevice.objects.get(user=world_user("city_reviewer")).confirmed is False


def test_reviewer_cannot_post_past_the_gate_either(required, world, client_for):
    client = client_for(world.city_reviewer)
    response = client.post(reverse("submissions:queue"))
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_htmx_requests_are_told_to_load_the_page(required, world, client_for):
    response = client_for(world.city_reviewer).get(QUEUE, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


@pytest.mark.parametrize(
    ("name", "method"),
    [("logout", "post"), ("set_language", "post"), ("health", "get"), ("two-factor", "get")],
)
def test_the_way_out_stays_open(required, world, client_for, name, method):
    response = getattr(client_for(world.city_reviewer), method)(reverse(name))
    assert not (response.status_code == 302 and response["Location"].startswith(SETUP))


def test_a_reporter_is_not_forced(required, world, client):
    sign_in(client, "reporter")
    assert client.get(reverse("submissions:my-reports")).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.reporter).exists()


def test_a_superuser_counts_as_an_administrator(world, client_for):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    require_of(["reviewer"])
    assert client_for(root).get(HOME).status_code == 200
    require_of(["admin"])
    assert client_for(root).get(HOME)["Location"].startswith(SETUP)


def test_policy_change_takes_effect_at_the_next_request(world, client_for):
    client = client_for(world.city_reviewer)
    assert client.get(QUEUE).status_code == 200

    require_of(["reviewer"])
    assert client.get(QUEUE)["Location"].startswith(SETUP)

    require_of([])
    assert client.get(QUEUE).status_code == 200

    require_of(["reporter"])
    assert client.get(QUEUE).status_code == 200
    reporter = client_for(world.reporter)
    assert reporter.get(reverse("submissions:my-reports"))["Location"].startswith(SETUP)


def test_no_query_of_its_own_when_nobody_must(world, client_for):
    client = client_for(world.reporter)
    client.get(HOME)  # the session, the language and the policy settle on the first request
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    assert not any("otp_" in query["sql"] for query in queries.captured_queries)
    assert not any("securitypolicy" in query["sql"] for query in queries.captured_queries)


# --- Setting up ---------------------------------------------------------------------------


def test_a_wrong_first_code_is_refused_beside_the_field(required, world, client_for):
    client = client_for(world.city_reviewer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.city_reviewer)
    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE in field_error(response)
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticToken.objects.filter(device__user=world.city_reviewer).exists()
    assert client.get(QUEUE)["Location"].startswith(SETUP)


def test_letters_for_a_first_code_are_refused_beside_the_field(required, world, client_for):
    client = client_for(world.city_reviewer)
    response = client.post(SETUP, {"code": "abcdef"})
    assert "请输入应用显示的 6 位数字" in field_error(response)


def test_the_right_first_code_turns_it_on_and_shows_recovery_codes_once(
    required, world, client_for
):
    client = client_for(world.city_reviewer)
    client.get(f"{SETUP}?next={QUEUE}")
    device = TOTPDevice.objects.get(user=world.city_reviewer)
    # Reloading the page shows the same key: the app scanned first still works.
    assert client.get(SETUP).context["secret_groups"] == two_factor.secret_groups(device)

    response = client.post(SETUP, {"code": code_for(device), "next": QUEUE})

    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.text)
    assert len(codes) == 10 == len(set(codes))
    assertContains(response, f'href="{QUEUE}"')
    device.refresh_from_db()
    assert device.confirmed is True
    assert StaticToken.objects.filter(device__user=world.city_reviewer).count() == 10
    entry = JournalEntry.objects.get(action="portal.two_factor.enrolled")
    assert entry.actor == world.city_reviewer
    # The session that set it up counts as verified; the codes are not shown again.
    assert client.get(QUEUE).status_code == 200
    assertRedirects(client.get(SETUP), OVERVIEW, fetch_redirect_response=False)
    overview = client.get(OVERVIEW)
    assertContains(overview, "还剩 10 个未用的恢复码")
    for code in codes:
        assertNotContains(overview, code)


def test_the_setup_page_is_in_chinese_and_names_the_apps(required, world, client_for):
    response = client_for(world.city_reviewer).get(SETUP)
    assertContains(response, "设置两步登录")
    assertContains(response, "腾讯身份验证器")
    assertContains(response, "Microsoft Authenticator")
    secret = "".join(response.context["secret_groups"])
    assert len(secret) == 32
    assert "<script" not in response.text.split("<main", 1)[1].split("</main>")[0]


# --- Signing in ---------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(required, world, client):
    device, _codes = enrol(world.city_reviewer)

    response = client.post(
        f"{LOGIN}?next={QUEUE}",
        {"username": "city_reviewer", "password": PASSWORD, "next": QUEUE},
    )

    assert response["Location"] == f"{VERIFY}?next={QUEUE.replace('/', '%2F')}"
    assert client.get(QUEUE)["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assertContains(page, "两步登录")
    response = client.post(VERIFY, {"code": code_for(device, ahead=1), "next": QUEUE})
    assertRedirects(response, QUEUE, fetch_redirect_response=False)
    assert client.get(QUEUE).status_code == 200


def test_a_reporter_who_set_it_up_is_asked_too(world, client):
    device, _codes = enrol(world.reporter)
    sign_in(client, "reporter")
    assert client.get(HOME)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device, ahead=1)})
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_is_refused_beside_the_field(required, world, client):
    device, _codes = enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")

    response = client.post(VERIFY, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE in field_error(response)
    assert client.get(QUEUE)["Location"].startswith(VERIFY)


def test_a_code_right_after_a_wrong_one_waits_for_the_throttle(required, world, client):
    device, _codes = enrol(world.city_reviewer)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "city_reviewer")
        client.post(VERIFY, {"code": wrong_code(device)})
        response = client.post(VERIFY, {"code": code_for(device, ahead=1)})
        assert response.status_code == 200
        assert "请等待" in field_error(response)

        traveller.shift(dt.timedelta(seconds=3))
        response = client.post(VERIFY, {"code": code_for(device, ahead=1)})
        assert response.status_code == 302


def test_repeated_wrong_codes_lock_the_account(required, world, client):
    enrol(world.city_reviewer)
    limit = current_policy().failure_limit
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "city_reviewer")
        responses = []
        for _ in range(limit):
            responses.append(client.post(VERIFY, {"code": "12345678"}))
            traveller.shift(dt.timedelta(minutes=1))

        assert [r.status_code for r in responses[:-1]] == [200] * (limit - 1)
        assert responses[-1].status_code == 429
        assertContains(responses[-1], 'data-testid="locked-out"', status_code=429)
        assert signed_in_as(client) is None
        # The password alone no longer opens even the first step.
        assert sign_in(client, "city_reviewer").status_code == 429


def test_a_recovery_code_works_once(required, world, client):
    _device, codes = enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")

    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")}, follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assertContains(response, "您用恢复码登录")
    assert StaticToken.objects.filter(device__user=world.city_reviewer).count() == 9
    client.post(reverse("logout"))

    sign_in(client, "city_reviewer")
    response = client.post(VERIFY, {"code": codes[3]})
    assert WRONG_CODE in field_error(response)
    assert client.get(QUEUE)["Location"].startswith(VERIFY)


def test_next_to_another_site_is_ignored(required, world, client):
    device, _codes = enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")
    response = client.post(
        VERIFY, {"code": code_for(device, ahead=1), "next": "https://evil.example.com/"}
    )
    assert response["Location"] == HOME


def test_the_verify_page_without_an_authenticator_sends_on(world, client_for):
    response = client_for(world.reporter).get(f"{VERIFY}?next={HOME}")
    assertRedirects(response, HOME, fetch_redirect_response=False)


# --- Managing it --------------------------------------------------------------------------


@pytest.fixture
def verified_reviewer(required, world, client):
    """The city reviewer, with an authenticator, signed in with both steps; the clock stopped
    so that each further code can be the next 30 seconds' one."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        device, codes = enrol(world.city_reviewer)
        traveller.shift(dt.timedelta(seconds=30))
        sign_in(client, "city_reviewer")
        client.post(VERIFY, {"code": code_for(device)})
        traveller.shift(dt.timedelta(seconds=30))
        yield client, device, codes


def test_new_recovery_codes_replace_the_old(verified_reviewer):
    client, _device, old = verified_reviewer
    response = client.post(reverse("two-factor-recovery-codes"))
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.text)
    assert len(new) == 10
    stored = set(
        StaticToken.objects.filter(device__user__username="city_reviewer").values_list(
            "token", flat=True
        )
    )
    assert stored == {code.replace("-", "") for code in new}
    assert not stored & {code.replace("-", "") for code in old}


def test_removing_needs_a_current_code(verified_reviewer, world):
    client, device, _codes = verified_reviewer
    response = client.post(reverse("two-factor-remove"), {"code": wrong_code(device)})
    assert WRONG_CODE in field_error(response)
    assert TOTPDevice.objects.filter(user=world.city_reviewer).exists()

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        response = client.post(reverse("two-factor-remove"), {"code": code_for(device)})
        assertRedirects(response, OVERVIEW, fetch_redirect_response=False)
        assert not TOTPDevice.objects.filter(user=world.city_reviewer).exists()
        assert not StaticDevice.objects.filter(user=world.city_reviewer).exists()
        assert JournalEntry.objects.filter(action="portal.two_factor.removed").exists()
        # The role still requires it: set it up again before anything else.
        assert client.get(QUEUE)["Location"].startswith(SETUP)


def test_managing_needs_the_second_step_first(required, world, client):
    enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")
    assert client.get(OVERVIEW)["Location"].startswith(VERIFY)
    assert client.post(reverse("two-factor-recovery-codes"))["Location"].startswith(VERIFY)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=world.city_reviewer).count() == 10


# --- Lost phone: the system administrator resets ----------------------------------------


@pytest.fixture
def admin_group(db):
    group = Group.objects.create(name="管理员")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="portal",
            content_type__model__in=["region", "unit", "user", "membership"],
        )
    )
    return group


@pytest.fixture
def city_admin(world, admin_group):
    user = person("yanan_admin", world.yanan_office, Role.ADMIN, is_staff=True)
    user.groups.add(admin_group)
    return user


def reset_url(user) -> str:
    return reverse("admin:portal_user_two_factor_reset", args=[user.pk])


def test_an_administrator_resets_someone_in_their_area(world, city_admin, client_for):
    enrol(world.city_reviewer)
    client = client_for(city_admin)
    change_page = client.get(reverse("admin:portal_user_change", args=[world.city_reviewer.pk]))
    assertContains(change_page, reset_url(world.city_reviewer))
    assertContains(client.get(reset_url(world.city_reviewer)), 'data-testid="two-factor-reset"')

    response = client.post(reset_url(world.city_reviewer), REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.city_reviewer).exists()
    assert not StaticDevice.objects.filter(user=world.city_reviewer).exists()
    entry = JournalEntry.objects.get(action="portal.two_factor.reset")
    assert (entry.actor, entry.object_id, entry.address) == (
        city_admin,
        world.city_reviewer.pk,
        "10.9.8.7",
    )


def test_the_reset_person_sets_it_up_again_at_next_sign_in(world, city_admin, client, client_for):
    require_of(["reviewer"])
    enrol(world.city_reviewer)
    client_for(city_admin).post(reset_url(world.city_reviewer))
    client.post(reverse("logout"))
    sign_in(client, "city_reviewer")
    assert client.get(QUEUE)["Location"].startswith(SETUP)


def test_someone_outside_the_area_is_not_found(world, city_admin, client_for):
    enrol(world.other_city_reviewer)
    response = client_for(city_admin).post(reset_url(world.other_city_reviewer))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=world.other_city_reviewer).exists()


def test_only_a_system_administrator_resets(world, admin_group, client_for):
    # Staff with the admin's permissions but no administrator role: a reviewer, say.
    reviewer = person("staff_reviewer", world.province_office, Role.REVIEWER, is_staff=True)
    reviewer.groups.add(admin_group)
    enrol(world.city_reviewer)
    response = client_for(reviewer).post(reset_url(world.city_reviewer))
    assert response.status_code in (403, 404)
    assert TOTPDevice.objects.filter(user=world.city_reviewer).exists()


def test_django_otp_device_pages_are_not_in_the_admin(world, client):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    assertNotContains(client.get(reverse("admin:index")), "otp_totp")


def test_journal_labels_are_registered():
    from portal import journal

    assert journal.label("portal.two_factor.reset") != "portal.two_factor.reset"
    assert journal.label("portal.two_factor.enrolled") != "portal.two_factor.enrolled"
    assert journal.label("portal.two_factor.removed") != "portal.two_factor.removed"


# --- The pages themselves -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("two-factor", "get"),
        ("two-factor-setup", "get"),
        ("two-factor-verify", "get"),
        ("two-factor-recovery-codes", "post"),
        ("two-factor-remove", "post"),
    ],
)
def test_the_anonymous_are_sent_to_sign_in(db, client, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("two-factor", "post"),
        ("two-factor-setup", "delete"),
        ("two-factor-verify", "delete"),
        ("two-factor-recovery-codes", "get"),
        ("two-factor-remove", "get"),
    ],
)
def test_the_wrong_method_is_refused(world, client_for, name, method):
    assert getattr(client_for(world.reporter), method)(reverse(name)).status_code == 405


def test_digits_typed_full_width_are_accepted(required, world, client):
    """A Chinese input method may type １２３４５６."""
    device, _codes = enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")
    code = code_for(device, ahead=1)
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(VERIFY, {"code": f" {full_width[:3]} {full_width[3:]} "})
    assertRedirects(response, HOME, fetch_redirect_response=False)


def test_odd_input_is_refused_without_a_server_error(required, world, client):
    enrol(world.city_reviewer)
    sign_in(client, "city_reviewer")
    for code in ["", "x" * 500, "12\x0034", "١٢٣٤٥٦", "--------", "' OR 1=1 --"]:
        response = client.post(VERIFY, {"code": code})
        assert response.status_code in (200, 429), code


def test_the_pages_read_in_english_too(world, client_for):
    client = client_for(world.reporter)
    client.cookies["django_language"] = "en"
    response = client.get(SETUP)
    assertContains(response, "Set up two-step sign-in")
    assertContains(response, "Tencent Authenticator")


def test_a_verified_page_costs_one_device_query(verified_reviewer):
    """django-otp reads the device that verified the session once a request; nothing more."""
    client, _device, _codes = verified_reviewer
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    otp = [q["sql"] for q in queries.captured_queries if "otp_" in q["sql"]]
    assert len(otp) == 1, otp


def test_an_expired_password_is_changed_after_the_second_step(required, world, client):
    """Both gates in turn, not one sending to the other: the code first, then a new password."""
    policy = current_policy()
    policy.password_max_age_days = 90
    policy.save()
    device, _codes = enrol(world.city_reviewer)
    User.objects.filter(pk=world.city_reviewer.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=200)
    )

    response = sign_in(client, "city_reviewer")
    assert client.get(response["Location"]).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device, ahead=1)}, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("password_change"))

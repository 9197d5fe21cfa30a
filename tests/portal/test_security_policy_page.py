"""The security policy page (portal/views/policy.py): only the security administrator (or a
superuser) sees and changes it; every change is journaled and kept in the history; a stale
version is refused; the lockout follows what it says."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.models import JournalEntry, Role, SecurityPolicy
from portal.security import current_policy
from portal.versions import StaleVersion
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory

URL = reverse("security-policy")


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def security_admin(world):
    user = UserFactory(username="security_admin", full_name="赵安全")
    MembershipFactory(user=user, unit=world.province_office, role=Role.SECURITY)
    return user


@pytest.fixture
def auditor(world):
    user = UserFactory(username="auditor", full_name="钱审计")
    MembershipFactory(user=user, unit=world.province_office, role=Role.AUDITOR)
    return user


def form_data(policy: SecurityPolicy, **changes) -> dict:
    data = {
        "failure_limit": policy.failure_limit,
        "cooloff_minutes": policy.cooloff_minutes,
        "password_min_length": policy.password_min_length,
        "password_max_age_days": policy.password_max_age_days,
        "password_history": policy.password_history,
        "two_factor_roles": list(policy.two_factor_roles),
        "idle_minutes": policy.idle_minutes or 30,
        "session_hours": policy.session_hours or 12,
        "version": policy.version,
    }
    if policy.single_session:
        data["single_session"] = "on"
    data.update(changes)
    return data


# --- Who may see it ----------------------------------------------------------------------


def test_the_security_administrator_sees_the_page(security_admin, client_for):
    response = client_for(security_admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="security-policy"' in body
    for role in Role:
        assert f'value="{role.value}"' in body  # two-factor roles as checkboxes
    assert (
        zh("Wrong passwords for one account from one address before both are locked (3 to 20).")
        in body
    )


def test_a_superuser_sees_the_page(world, client_for):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(boss).get(URL).status_code == 200


@pytest.mark.parametrize(
    "person", ["reporter", "city_reviewer", "province_admin", "approver", "nobody"]
)
def test_others_are_refused(world, client_for, person):
    client = client_for(getattr(world, person))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(current_policy(), failure_limit=3)).status_code == 403
    assert current_policy().failure_limit == 5


def test_the_audit_administrator_is_refused(auditor, client_for):
    assert client_for(auditor).get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_wrong_method(security_admin, client_for):
    assert client_for(security_admin).put(URL).status_code == 405


def test_the_menu_links_the_page_for_the_security_administrator(world, security_admin, client):
    client.force_login(security_admin)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.province_admin)
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


# --- Changing it -------------------------------------------------------------------------


def test_a_change_is_saved_journaled_and_kept_in_the_history(security_admin, client_for):
    policy = current_policy()
    history_before = SecurityPolicy.history.count()
    response = client_for(security_admin).post(
        URL,
        form_data(
            policy,
            failure_limit=3,
            idle_minutes=15,
            two_factor_roles=["reviewer", "admin"],
        ),
        REMOTE_ADDR="10.1.2.3",
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    saved = current_policy()
    assert (saved.failure_limit, saved.idle_minutes) == (3, 15)
    assert saved.two_factor_roles == ["reviewer", "admin"]
    assert saved.version == policy.version + 1

    entry = JournalEntry.objects.get(action="portal.security_policy.changed")
    assert entry.actor == security_admin
    assert entry.address == "10.1.2.3"
    assert entry.data["before"]["failure_limit"] == policy.failure_limit
    assert entry.data["after"] == {
        "failure_limit": 3,
        "two_factor_roles": ["reviewer", "admin"],
        "idle_minutes": 15,
        "session_hours": 12,  # off in the test settings (0); the form shows 12
    }
    assert SecurityPolicy.history.count() == history_before + 1
    assert SecurityPolicy.history.latest().history_user == security_admin


def test_saving_nothing_new_writes_nothing(security_admin, client_for):
    policy = current_policy()
    client = client_for(security_admin)
    client.post(URL, form_data(policy, idle_minutes=30, session_hours=12))
    policy = current_policy()

    response = client.post(URL, form_data(policy))

    assert response.status_code == 302
    assert current_policy().version == policy.version
    assert JournalEntry.objects.filter(action="portal.security_policy.changed").count() == 1


def test_a_stale_version_is_refused(security_admin, client_for):
    client = client_for(security_admin)
    shown = current_policy()
    # Another security administrator saves first.
    client.post(URL, form_data(shown, failure_limit=4))

    response = client.post(URL, form_data(shown, failure_limit=10))

    assert response.status_code == 200
    assert str(StaleVersion()) in response.content.decode()
    assert current_policy().failure_limit == 4


@pytest.mark.parametrize(
    "field, value", [("idle_minutes", 0), ("failure_limit", 2), ("password_min_length", 6)]
)
def test_out_of_range_values_are_refused_beside_the_field(security_admin, client_for, field, value):
    response = client_for(security_admin).post(URL, form_data(current_policy(), **{field: value}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'id="error_1_id_{field}"' in response.content.decode()


def test_an_unknown_role_is_refused(security_admin, client_for):
    response = client_for(security_admin).post(
        URL, form_data(current_policy(), two_factor_roles=["king"])
    )
    assert list(response.context["form"].errors) == ["two_factor_roles"]


# --- The lockout follows the policy ------------------------------------------------------


def test_the_lockout_follows_the_policys_failure_limit_and_length(
    security_admin, client_for, client
):
    client_for(security_admin).post(
        URL, form_data(current_policy(), failure_limit=3, cooloff_minutes=7)
    )
    client.logout()

    login = reverse("login")
    wrong = {"username": "reporter", "password": "wrong-password"}
    assert [client.post(login, wrong).status_code for _ in range(2)] == [200, 200]
    locked = client.post(login, wrong)
    assert locked.status_code == 429
    assert "7" in locked.content.decode()
    assert client.post(login, {"username": "reporter", "password": PASSWORD}).status_code == 429

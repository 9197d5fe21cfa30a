"""Security events in the journal, through the real pages: who, when, from which address,
what and the result of every sign-in, sign-out, failure, lockout, refusal, role change and
export."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal import journal, security_events
from portal.models import JournalEntry, Membership, Role
from portal.security import current_policy
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
ADDRESS = "203.0.113.7"


def _events(action):
    return list(JournalEntry.objects.filter(action=action).order_by("pk"))


def _sign_in(client, username="reporter", password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def test_a_sign_in_is_journaled_with_the_address(world, client):
    assert _sign_in(client).status_code == 302

    [entry] = _events(security_events.SIGNED_IN)
    assert (entry.actor, entry.target, entry.address) == (world.reporter, world.reporter, ADDRESS)
    assert entry.data == {"result": "success"}


def test_a_failed_sign_in_keeps_the_name_tried_and_no_password(world, client):
    assert _sign_in(client, password="wrong-password-1").status_code == 200

    [entry] = _events(security_events.SIGN_IN_FAILED)
    assert entry.actor is None
    assert entry.address == ADDRESS
    assert entry.data == {"result": "failure", "username": "reporter"}
    assert "wrong-password-1" not in str(entry.data)
    assert not _events(security_events.SIGNED_IN)


def test_a_lockout_is_journaled(world, client):
    limit = current_policy().failure_limit
    for _ in range(limit):
        _sign_in(client, password="wrong-password")

    [entry] = _events(security_events.LOCKED_OUT)
    assert entry.address == ADDRESS
    assert entry.data == {"result": "locked", "username": "reporter"}
    assert len(_events(security_events.SIGN_IN_FAILED)) == limit


def test_a_sign_out_is_journaled(world, client):
    _sign_in(client)
    assert client.post(reverse("logout"), REMOTE_ADDR=ADDRESS).status_code == 302

    [entry] = _events(security_events.SIGNED_OUT)
    assert (entry.actor, entry.address, entry.data) == (
        world.reporter,
        ADDRESS,
        {"result": "success"},
    )


def test_a_refused_page_is_journaled(world, client_for):
    client = client_for(world.reporter)

    response = client.get(reverse("submissions:queue"), REMOTE_ADDR=ADDRESS)

    assert response.status_code == 403
    [entry] = _events(security_events.REFUSED)
    assert (entry.actor, entry.address) == (world.reporter, ADDRESS)
    assert entry.data == {
        "result": "refused",
        "method": "GET",
        "path": reverse("submissions:queue"),
    }


def test_a_normal_page_writes_nothing(world, client_for):
    client = client_for(world.reporter)
    before = JournalEntry.objects.count()
    assert client.get(reverse("home")).status_code == 200
    assert JournalEntry.objects.count() == before


def test_a_role_change_in_the_admin_is_journaled_with_who_did_it(world, client_for):
    admin = world.province_admin
    admin.is_superuser = True
    admin.save()
    client = client_for(admin)
    membership = Membership.objects.get(user=world.reporter)

    response = client.post(
        reverse("admin:portal_membership_change", args=[membership.pk]),
        {"user": world.reporter.pk, "unit": world.yanchang_bureau.pk, "role": Role.APPROVER},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [changed] = _events(security_events.ROLE_CHANGED)
    assert (changed.actor, changed.target, changed.address) == (admin, world.reporter, ADDRESS)
    assert changed.data["role"] == Role.APPROVER
    assert changed.data["role_before"] == Role.REPORTER
    assert changed.data["person"] == "reporter"

    client.post(
        reverse("admin:portal_membership_delete", args=[membership.pk]),
        {"post": "yes"},
        REMOTE_ADDR=ADDRESS,
    )
    [revoked] = _events(security_events.ROLE_REVOKED)
    assert (revoked.actor, revoked.target) == (admin, world.reporter)
    assert revoked.data["role"] == Role.APPROVER


def test_a_role_granted_outside_a_request_has_no_actor(world):
    Membership.objects.create(user=world.nobody, unit=world.yanchang_bureau, role=Role.REPORTER)
    [granted] = _events(security_events.ROLE_GRANTED)
    assert (granted.actor, granted.target, granted.address) == (None, world.nobody, None)
    assert granted.data["unit"] == world.yanchang_bureau.pk


def test_an_export_is_journaled(world, client_for):
    client = client_for(world.province_reviewer)

    response = client.get(reverse("submissions:search"), {"format": "xlsx"}, REMOTE_ADDR=ADDRESS)

    assert response.status_code == 200
    [entry] = _events(security_events.EXPORTED)
    assert (entry.actor, entry.address) == (world.province_reviewer, ADDRESS)
    assert entry.data == {
        "result": "success",
        "what": "submissions.search",
        "path": reverse("submissions:search"),
        "count": 0,
    }


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("submissions:completeness", {"format": "xlsx"}),
        ("submissions:assessment", {"format": "xlsx"}),
        ("donations:statistics-export", {}),
    ],
)
def test_each_overview_export_is_journaled(world, client_for, url_name, query):
    client = client_for(world.province_admin)
    response = client.get(reverse(url_name), query)
    assert response.status_code == 200
    assert len(_events(security_events.EXPORTED)) == 1


def test_every_security_code_has_a_chinese_label():
    codes = [code for code in journal.labels() if code.startswith(security_events.PREFIX)]
    assert len(codes) >= 10
    with translation.override("zh-hans"):
        for code in codes:
            label = str(journal.label(code))
            assert label != code
            assert any("\u4e00" <= ch <= "\u9fff" for ch in label), code

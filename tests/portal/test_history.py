"""Change history (django-simple-history): who changed what, from which value to which."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.models import Role
from portal.services import user_set_language
from tests.conftest import PASSWORD


@pytest.fixture
def admin_client(world, client_for):
    group = Group.objects.create(name="管理员")
    group.permissions.set(Permission.objects.filter(content_type__app_label="portal"))
    world.province_admin.groups.add(group)
    return client_for(world.province_admin)


def _changes(record):
    previous = record.prev_record
    delta = record.diff_against(previous)
    return {change.field: (change.old, change.new) for change in delta.changes}


def test_unit_changed_in_the_admin_records_who_and_what(world, admin_client):
    unit = world.yanchang_bureau
    response = admin_client.post(
        reverse("admin:portal_unit_change", args=[unit.pk]),
        {
            "name": "延长县乡村振兴局",
            "kind": unit.kind,
            "region": unit.region_id,
            "is_active": "on",
            "address": "",
            "phone": "0911-8123456",
        },
    )
    assert response.status_code == 302

    record = unit.history.latest()
    assert record.history_type == "~"
    assert record.history_user == world.province_admin
    assert _changes(record) == {
        "name": ("延长县扶贫开发局", "延长县乡村振兴局"),
        "phone": ("", "0911-8123456"),
    }
    assert unit.history.count() == 2  # created, then changed


def test_membership_changed_in_the_admin_records_who_and_what(world, admin_client):
    membership = world.reporter.memberships.get()
    response = admin_client.post(
        reverse("admin:portal_membership_change", args=[membership.pk]),
        {"user": world.reporter.pk, "unit": membership.unit_id, "role": Role.APPROVER},
    )
    assert response.status_code == 302

    record = membership.history.latest()
    assert record.history_user == world.province_admin
    assert _changes(record) == {"role": (Role.REPORTER, Role.APPROVER)}


def test_membership_removed_in_the_admin_is_recorded(world, admin_client):
    membership = world.reporter.memberships.get()
    response = admin_client.post(
        reverse("admin:portal_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302

    record = membership.history.model.objects.filter(id=membership.pk).latest()
    assert record.history_type == "-"
    assert record.history_user == world.province_admin
    assert record.unit_id == world.yanchang_bureau.pk


def test_history_page_shows_the_change_and_its_author(world, admin_client):
    unit = world.yanchang_bureau
    admin_client.post(
        reverse("admin:portal_unit_change", args=[unit.pk]),
        {
            "name": "延长县乡村振兴局",
            "kind": unit.kind,
            "region": unit.region_id,
            "is_active": "on",
        },
    )

    response = admin_client.get(reverse("admin:portal_unit_history", args=[unit.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "延长县乡村振兴局" in body
    assert world.province_admin.username in body or str(world.province_admin) in body


def test_language_changed_through_the_service_in_a_request(world, client_for):
    client = client_for(world.reporter)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    record = world.reporter.history.latest()
    assert record.history_user == world.reporter
    assert _changes(record) == {"language": ("zh-hans", "en")}


def test_service_outside_a_request_records_the_change_without_a_user(world):
    user_set_language(user=world.approver, language="en")

    record = world.approver.history.latest()
    assert record.history_user is None
    assert _changes(record) == {"language": ("zh-hans", "en")}


def test_passwords_are_not_kept_in_history(world):
    world.reporter.set_password("Another#Secret2026")
    world.reporter.save()

    assert not hasattr(world.reporter.history.latest(), "password")


def test_signing_in_adds_nothing_to_the_persons_history(world, client):
    reporter = world.reporter
    reporter.set_password(PASSWORD)
    reporter.save()
    records = reporter.history.count()

    response = client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.last_login is not None
    assert reporter.history.count() == records
    # A change the history does track is still recorded after it.
    user_set_language(user=reporter, language="en")
    assert _changes(reporter.history.latest()) == {"language": ("zh-hans", "en")}

"""One identity per person in the admin's person pages: a mobile number or an email that
another account has is refused beside the field (not a server error, not a message above
the form), however it is typed."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.encryption import blind_index
from portal.models import User
from tests.portal.test_admin_scoping import _post_data

PHONE_TAKEN = "此手机号码已属于另一个账号。"
EMAIL_TAKEN = "此电子邮箱已属于另一个账号。"


@pytest.fixture
def admin_client(world, client_for):
    group = Group.objects.create(name="管理员")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="portal",
            content_type__model__in=["region", "unit", "user", "membership"],
        )
    )
    world.province_admin.groups.add(group)
    return client_for(world.province_admin)


def _change(client, user, **changes):
    url = reverse("admin:portal_user_change", args=[user.pk])
    data = _post_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def _give_phone(user, phone):
    # As stored before, past save(): the number encrypted, its blind index beside it.
    index = blind_index(phone, context="portal.user.phone")
    User.objects.filter(pk=user.pk).update(phone=phone, phone_index=index)


def _field_errors(response):
    form = response.context["adminform"].form
    return form.errors


@pytest.mark.parametrize("typed", ["13912345678", "139 1234 5678", "+86 139-1234-5678"])
def test_a_phone_of_another_account_is_refused_beside_the_field(world, admin_client, typed):
    _give_phone(world.approver, "13912345678")

    response = _change(admin_client, world.reporter, phone=typed)

    assert response.status_code == 200
    errors = _field_errors(response)
    assert errors["phone"] == [PHONE_TAKEN]
    assert "__all__" not in errors
    world.reporter.refresh_from_db()
    assert world.reporter.phone == ""


def test_a_phone_stored_with_spaces_is_found(world, admin_client):
    _give_phone(world.approver, "139 1234 5678")

    response = _change(admin_client, world.reporter, phone="13912345678")

    assert _field_errors(response)["phone"] == [PHONE_TAKEN]


def test_an_email_of_another_account_is_refused_whatever_its_case(world, admin_client):
    response = _change(admin_client, world.reporter, email=" Approver@Example.GOV.cn ")

    assert response.status_code == 200
    errors = _field_errors(response)
    assert errors["email"] == [EMAIL_TAKEN]
    assert "__all__" not in errors


def test_own_phone_and_email_are_kept_and_normalised(world, admin_client):
    _give_phone(world.reporter, "13912345678")

    response = _change(
        admin_client, world.reporter, phone="139 1234 5678", email="reporter@EXAMPLE.gov.cn"
    )

    assert response.status_code == 302
    world.reporter.refresh_from_db()
    assert world.reporter.phone == "13912345678"
    assert world.reporter.email == "reporter@example.gov.cn"


def test_a_new_person_with_an_email_in_use_is_refused_beside_the_field(world, admin_client):
    url = reverse("admin:portal_user_add")
    data = _post_data(admin_client.get(url))
    data.update(
        username="new_clerk",
        full_name="新同事",
        email="REPORTER@example.gov.cn",
        usable_password="true",
        password1="Yanan#Clerk2027x",
        password2="Yanan#Clerk2027x",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert _field_errors(response)["email"] == [EMAIL_TAKEN]
    assert not User.objects.filter(username="new_clerk").exists()


def test_a_new_person_with_a_free_email_is_added(world, admin_client):
    url = reverse("admin:portal_user_add")
    data = _post_data(admin_client.get(url))
    data.update(
        username="new_clerk",
        full_name="新同事",
        email="new_clerk@example.gov.cn",
        usable_password="true",
        password1="Yanan#Clerk2027x",
        password2="Yanan#Clerk2027x",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, _field_errors(response)
    assert User.objects.get(username="new_clerk").email == "new_clerk@example.gov.cn"

"""Separation of duties (三权分立): the system, security and audit administrators are three
people. No account holds two of these roles, however a membership is made; nobody gives
themselves one; the security and audit administrators are not staff of the admin site."""

import threading
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from portal.models import Membership, Role
from portal.services import membership_grant
from tests.factories import MembershipFactory, person
from tests.portal.test_admin_scoping import _post_data

SECURITY_HELD = "此人已担任“安全管理员”"
ADMIN_HELD = "此人已担任“管理员”"


@pytest.fixture
def admin_group(db):
    group = Group.objects.create(name="管理员")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="portal",
            content_type__model__in=["region", "unit", "user", "membership", "attachment"],
        )
    )
    return group


@pytest.fixture
def province_admin(world, admin_group):
    world.province_admin.groups.add(admin_group)
    return world.province_admin


@pytest.fixture
def city_admin(world, admin_group):
    user = person("yanan_admin", world.yanan_office, Role.ADMIN, is_staff=True)
    user.groups.add(admin_group)
    return user


# --- The model and the service ---------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "given"),
    [
        (Role.ADMIN, Role.SECURITY),
        (Role.ADMIN, Role.AUDITOR),
        (Role.SECURITY, Role.AUDITOR),
        (Role.AUDITOR, Role.ADMIN),
    ],
)
def test_model_refuses_a_second_separated_role(world, held, given):
    MembershipFactory(user=world.reporter, unit=world.province_office, role=held)
    membership = Membership(user=world.reporter, unit=world.province_office, role=given)

    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert str(Role(held).label) in refused.value.message_dict["role"][0]

    # Saved without clean() (a command, an import): refused all the same.
    with pytest.raises(ValidationError):
        Membership.objects.create(user=world.reporter, unit=world.province_office, role=given)
    assert not Membership.objects.filter(user=world.reporter, role=given).exists()


def test_separated_roles_in_two_units_are_refused(world):
    MembershipFactory(user=world.city_reviewer, unit=world.yanan_office, role=Role.ADMIN)

    with pytest.raises(ValidationError) as refused:
        membership_grant(user=world.city_reviewer, unit=world.province_office, role=Role.AUDITOR)

    assert refused.value.message_dict["role"] == [
        "此人已担任“管理员”：系统管理员、安全管理员和审计管理员须由三个不同的人担任（三权分立）。"
    ]


def test_a_separated_role_goes_with_ordinary_roles(world):
    # The province administrator is also a reviewer (the demo's province_admin).
    membership_grant(user=world.city_reviewer, unit=world.yanan_office, role=Role.SECURITY)
    membership_grant(user=world.city_reviewer, unit=world.yanan_office, role=Role.REPORTER)
    assert set(world.city_reviewer.memberships.values_list("role", flat=True)) == {
        Role.REVIEWER,
        Role.SECURITY,
        Role.REPORTER,
    }


def test_the_same_separated_role_in_another_unit_is_allowed(world):
    membership_grant(user=world.province_admin, unit=world.yanan_office, role=Role.ADMIN)
    assert world.province_admin.memberships.filter(role=Role.ADMIN).count() == 2


def test_grant_is_idempotent(world):
    first = membership_grant(user=world.reporter, unit=world.yanchang_bureau, role=Role.REPORTER)
    assert first == world.reporter.memberships.get()


def test_nobody_gives_themselves_a_separated_role(world):
    with pytest.raises(ValidationError) as refused:
        membership_grant(
            user=world.city_reviewer,
            unit=world.yanan_office,
            role=Role.SECURITY,
            by=world.city_reviewer,
        )
    assert "不能给自己" in refused.value.message_dict["role"][0]
    # Another administrator may.
    membership_grant(
        user=world.city_reviewer, unit=world.yanan_office, role=Role.SECURITY, by=world.approver
    )


@pytest.mark.parametrize("role", [Role.SECURITY, Role.AUDITOR])
def test_security_and_audit_administrators_are_not_staff(world, role):
    staff = person("staff_clerk", world.province_office, Role.REVIEWER, is_staff=True)

    with pytest.raises(ValidationError) as refused:
        membership_grant(user=staff, unit=world.province_office, role=role)
    assert "工作人员状态" in refused.value.message_dict["role"][0]


@pytest.mark.needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_grants_at_the_same_moment_are_checked_one_after_the_other(world):
    """Two administrators give one person two separated roles at once: the second waits on
    the lock of the person's row, then sees the first and is refused."""
    first_made = threading.Event()
    results = {}

    def grant(role, *, hold):
        try:
            with transaction.atomic():
                membership_grant(user=world.reporter, unit=world.province_office, role=role)
                if hold:
                    first_made.set()
                    time.sleep(0.5)  # the other grant starts meanwhile
            results[role] = "granted"
        except ValidationError:
            results[role] = "refused"
        finally:
            connection.close()

    first = threading.Thread(target=grant, args=(Role.ADMIN,), kwargs={"hold": True})
    first.start()
    first_made.wait(5)
    second = threading.Thread(target=grant, args=(Role.SECURITY,), kwargs={"hold": False})
    second.start()
    first.join()
    second.join()

    assert results == {Role.ADMIN: "granted", Role.SECURITY: "refused"}
    assert not world.reporter.memberships.filter(role=Role.SECURITY).exists()


# --- The admin's membership page -------------------------------------------------------


def _add_membership(client, user, unit, role):
    return client.post(
        reverse("admin:portal_membership_add"),
        {"user": user.pk, "unit": unit.pk, "role": role},
    )


def test_membership_page_refuses_a_second_separated_role(world, province_admin, client_for):
    MembershipFactory(user=world.reporter, unit=world.yanchang_bureau, role=Role.AUDITOR)

    response = _add_membership(
        client_for(province_admin), world.reporter, world.province_office, Role.SECURITY
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "审计管理员" in errors["role"][0]
    assert not world.reporter.memberships.filter(role=Role.SECURITY).exists()


def test_membership_page_refuses_a_role_for_oneself(world, province_admin, client_for):
    response = _add_membership(
        client_for(province_admin), province_admin, world.province_office, Role.SECURITY
    )

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["role"]
    assert error == "不能给自己授予“安全管理员”角色：须由另一位管理员授予（三权分立）。"
    assert not province_admin.memberships.filter(role=Role.SECURITY).exists()


def test_membership_page_grants_a_separated_role_to_someone_else(world, province_admin, client_for):
    response = _add_membership(
        client_for(province_admin), world.province_reviewer, world.province_office, Role.SECURITY
    )

    assert response.status_code == 302
    assert world.province_reviewer.memberships.filter(role=Role.SECURITY).exists()


# --- The person's page: all their memberships at once ----------------------------------


def _person_page(client, user):
    url = reverse("admin:portal_user_change", args=[user.pk])
    return url, _post_data(client.get(url))


def _add_rows(data, *rows):
    """Fill the inline's empty row, and more after it, with (unit, role)."""
    total = int(data["memberships-TOTAL_FORMS"])
    first = int(data["memberships-INITIAL_FORMS"])
    for i, (unit, role) in enumerate(rows, start=first):
        data[f"memberships-{i}-unit"] = str(unit.pk)
        data[f"memberships-{i}-role"] = role
    data["memberships-TOTAL_FORMS"] = str(max(total, first + len(rows)))
    return data


def _inline_errors(response):
    (inline,) = response.context["inline_admin_formsets"]
    return [str(e) for form in inline.formset.forms for e in form.errors.get("role", [])] + [
        str(e) for e in inline.formset.non_form_errors()
    ]


def test_two_separated_roles_in_one_submit_are_refused(world, province_admin, client_for):
    client = client_for(province_admin)
    url, data = _person_page(client, world.reporter)
    _add_rows(data, (world.yanchang_bureau, Role.ADMIN), (world.yanan_office, Role.AUDITOR))

    response = client.post(url, data)

    assert response.status_code == 200
    errors = _inline_errors(response)
    assert any("“审计管理员”" in e for e in errors) and any(ADMIN_HELD in e for e in errors)
    assert set(world.reporter.memberships.values_list("role", flat=True)) == {Role.REPORTER}


def test_a_role_held_outside_the_administrators_area_counts_but_is_not_shown(
    world, city_admin, client_for
):
    # The reporter is also the security administrator in Yulin, which Yan'an cannot see.
    MembershipFactory(user=world.reporter, unit=world.jingbian_bureau, role=Role.SECURITY)
    client = client_for(city_admin)
    url, data = _person_page(client, world.reporter)
    _add_rows(data, (world.yanchang_bureau, Role.ADMIN))

    response = client.post(url, data)

    assert response.status_code == 200
    errors = _inline_errors(response)
    assert len(errors) == 1 and SECURITY_HELD in errors[0]
    assert world.jingbian_bureau.name not in response.content.decode()
    assert not world.reporter.memberships.filter(role=Role.ADMIN).exists()


def test_a_role_given_up_in_the_same_submit_makes_room(world, province_admin, client_for):
    MembershipFactory(user=world.reporter, unit=world.yanchang_bureau, role=Role.AUDITOR)
    client = client_for(province_admin)
    url, data = _person_page(client, world.reporter)
    auditor = world.reporter.memberships.get(role=Role.AUDITOR)
    (index,) = [
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(auditor.pk)
    ]
    data[f"memberships-{index}-DELETE"] = "on"
    _add_rows(data, (world.yanchang_bureau, Role.SECURITY))

    response = client.post(url, data)

    assert response.status_code == 302, _inline_errors(response)
    assert set(world.reporter.memberships.values_list("role", flat=True)) == {
        Role.REPORTER,
        Role.SECURITY,
    }


def test_the_administrator_cannot_make_themselves_security_administrator(
    world, province_admin, client_for
):
    client = client_for(province_admin)
    url, data = _person_page(client, province_admin)
    _add_rows(data, (world.province_office, Role.SECURITY))

    response = client.post(url, data)

    assert response.status_code == 200
    assert any("不能给自己" in e or ADMIN_HELD in e for e in _inline_errors(response))
    assert not province_admin.memberships.filter(role=Role.SECURITY).exists()


def test_a_staff_member_is_not_made_audit_administrator(world, province_admin, client_for):
    staff = person("staff_clerk", world.province_office, Role.REVIEWER, is_staff=True)
    client = client_for(province_admin)
    url, data = _person_page(client, staff)
    _add_rows(data, (world.province_office, Role.AUDITOR))

    response = client.post(url, data)

    assert response.status_code == 200
    assert any("工作人员状态" in e for e in _inline_errors(response))


def test_a_security_administrator_is_not_made_staff(world, client_for):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    officer = person("officer", world.province_office, Role.SECURITY)
    client = client_for(root)
    url, data = _person_page(client, officer)
    data["is_staff"] = "on"

    response = client.post(url, data)

    assert response.status_code == 200
    (error,) = _inline_errors(response)
    assert error == "安全管理员不在管理后台工作：请先取消此人的工作人员状态。"
    officer.refresh_from_db()
    assert not officer.is_staff


def test_the_person_page_saves_when_nothing_conflicts(world, province_admin, client_for):
    client = client_for(province_admin)
    url, data = _person_page(client, world.province_reviewer)
    _add_rows(data, (world.province_office, Role.AUDITOR))

    response = client.post(url, data)

    assert response.status_code == 302
    assert world.province_reviewer.memberships.filter(role=Role.AUDITOR).exists()


# --- The security and audit administrators and the admin site --------------------------


@pytest.mark.parametrize("role", [Role.SECURITY, Role.AUDITOR])
@pytest.mark.parametrize("page", ["admin:index", "admin:portal_user_changelist"])
def test_security_and_audit_administrators_are_sent_to_the_admin_sign_in(
    world, client_for, role, page
):
    officer = person("officer", world.province_office, role)
    url = reverse(page)

    response = client_for(officer).get(url)

    # What Django's admin does for a signed-in person who is not staff: its own sign-in
    # page, which says they are not allowed in.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    login = client_for(officer).get(response["Location"])
    assert "officer" in login.content.decode()
    assert not login.context["user"].is_staff

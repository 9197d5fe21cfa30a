"""A city-level administrator manages their city's subtree in the admin, and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.urls import reverse

from portal.models import Membership, Role, Unit
from tests.factories import MembershipFactory, person


@pytest.fixture
def admin_group(db):
    # The same group seed_demo gives administrators.
    group = Group.objects.create(name="管理员")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="portal",
            content_type__model__in=["region", "unit", "user", "membership", "attachment"],
        )
    )
    return group


@pytest.fixture
def city_admin(world, admin_group):
    user = person("yanan_admin", world.yanan_office, Role.ADMIN, is_staff=True)
    user.groups.add(admin_group)
    return user


@pytest.fixture
def city_client(client_for, city_admin):
    return client_for(city_admin)


def _changelist(client, model, **params):
    response = client.get(reverse(f"admin:portal_{model}_changelist"), params)
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def _post_data(response):
    """What the browser would send back from an admin change page, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        forms.append(management)
        forms.extend(formset.formset.forms)
    for form in forms:
        for bound in form:
            widget = bound.field.widget
            value = bound.value()
            if bound.field.disabled or value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(widget, MultiWidget):  # date and time in two boxes
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{i}"] = widget.widgets[i].format_value(part) or ""
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


def test_unit_list_holds_only_the_city_subtree(world, city_client):
    names = _changelist(city_client, "unit")
    assert names == {
        "延安市扶贫开发办公室",
        "延长县扶贫开发局",
        "中共延长县委宣传部",
        "延川县扶贫开发局",
    }


def test_region_list_holds_only_the_city_subtree(world, city_client):
    assert _changelist(city_client, "region") == {"延安市", "延长县", "七里村街道", "延川县"}


def test_membership_list_holds_only_the_city_subtree(world, city_client, city_admin):
    listed = _changelist(city_client, "membership")
    assert str(world.reporter.memberships.get()) in listed
    assert str(world.neighbour_reporter.memberships.get()) in listed
    assert str(city_admin.memberships.get()) in listed
    assert str(world.outsider_reporter.memberships.get()) not in listed
    assert str(world.other_city_reviewer.memberships.get()) not in listed
    assert not any("陕西省扶贫开发办公室" in m for m in listed)


def test_people_list_holds_only_people_of_the_city(world, city_client):
    listed = _changelist(city_client, "user")
    for user in (world.reporter, world.approver, world.neighbour_reporter, world.city_reviewer):
        assert str(user) in listed
    for user in (
        world.outsider_reporter,
        world.other_city_reviewer,
        world.province_reviewer,
        world.province_admin,
    ):
        assert str(user) not in listed


def test_province_admin_sees_everything_below_the_province(world, admin_group, client_for):
    world.province_admin.groups.add(admin_group)
    client = client_for(world.province_admin)
    assert "靖边县扶贫开发局" in _changelist(client, "unit")
    assert str(world.outsider_reporter) in _changelist(client, "user")


@pytest.mark.parametrize(
    ("model", "target"),
    [
        ("unit", lambda w: w.jingbian_bureau),
        ("unit", lambda w: w.province_office),
        ("region", lambda w: w.yulin),
        ("user", lambda w: w.outsider_reporter),
        ("user", lambda w: w.province_admin),
        ("membership", lambda w: w.outsider_reporter.memberships.get()),
    ],
)
@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_other_city_pages_are_out_of_reach(world, city_client, model, target, page):
    obj = target(world)

    response = city_client.get(reverse(f"admin:portal_{model}_{page}", args=[obj.pk]))

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index")


def test_own_city_unit_change_page_opens(world, city_client):
    response = city_client.get(reverse("admin:portal_unit_change", args=[world.yanchang_bureau.pk]))
    assert response.status_code == 200


def test_other_city_unit_cannot_be_changed_by_post(world, city_client):
    url = reverse("admin:portal_unit_change", args=[world.jingbian_bureau.pk])

    city_client.post(url, {"name": "改名", "kind": "other", "region": world.jingbian.pk})

    world.jingbian_bureau.refresh_from_db()
    assert world.jingbian_bureau.name == "靖边县扶贫开发局"


def test_unit_cannot_be_added_in_another_city(world, city_client):
    response = city_client.post(
        reverse("admin:portal_unit_add"),
        {"name": "靖边县新单位", "kind": "other", "region": world.jingbian.pk, "is_active": "on"},
    )

    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(name="靖边县新单位").exists()


def test_unit_can_be_added_in_own_county(world, city_client):
    response = city_client.post(
        reverse("admin:portal_unit_add"),
        {"name": "延长县新单位", "kind": "other", "region": world.yanchang.pk, "is_active": "on"},
    )

    assert response.status_code == 302
    assert Unit.objects.get(name="延长县新单位").region == world.yanchang


def test_membership_cannot_be_granted_in_another_city(world, city_client):
    response = city_client.post(
        reverse("admin:portal_membership_add"),
        {"user": world.reporter.pk, "unit": world.jingbian_bureau.pk, "role": Role.ADMIN},
    )

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(unit=world.jingbian_bureau, role=Role.ADMIN).exists()


def test_person_page_shows_only_memberships_in_the_city(world, city_client):
    MembershipFactory(user=world.reporter, unit=world.jingbian_bureau, role=Role.REPORTER)

    response = city_client.get(reverse("admin:portal_user_change", args=[world.reporter.pk]))

    (inline,) = response.context["inline_admin_formsets"]
    shown = {form.instance.unit for form in inline.formset.initial_forms}
    assert shown == {world.yanchang_bureau}


def test_privilege_fields_are_read_only_for_administrators(world, city_client):
    response = city_client.get(reverse("admin:portal_user_change", args=[world.reporter.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert field not in form.fields
    assert 'name="is_superuser"' not in response.content.decode()


def test_administrator_cannot_make_anyone_a_superuser(world, city_client, city_admin):
    for target in (world.reporter, city_admin):
        url = reverse("admin:portal_user_change", args=[target.pk])
        data = _post_data(city_client.get(url))
        data.update(
            is_superuser="on",
            is_staff="on",
            full_name="新名字",
            user_permissions=[str(p.pk) for p in Permission.objects.all()[:3]],
        )

        response = city_client.post(url, data)

        assert response.status_code == 302, response.context["adminform"].form.errors
        target.refresh_from_db()
        assert target.full_name == "新名字"  # the rest of the form was saved
        assert not target.is_superuser
        assert target.user_permissions.count() == 0
    world.reporter.refresh_from_db()
    assert not world.reporter.is_staff


def test_superuser_still_sees_the_privilege_fields(world, client_for):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)

    response = client_for(root).get(reverse("admin:portal_user_change", args=[world.reporter.pk]))

    assert 'name="is_superuser"' in response.content.decode()

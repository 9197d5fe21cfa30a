"""An administrator extends a quarter's deadline for everyone or for one unit, with a reason."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.models import Role
from submissions import services
from submissions.models import DeadlineExtension, Report
from tests.factories import person
from tests.submissions.builders import draft_report, submitted_report


@pytest.fixture
def admin_with_permissions(world):
    admin = world.province_admin
    admin.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="submissions", codename__endswith="deadlineextension"
        )
    )
    return admin


def test_a_general_extension_moves_every_unsubmitted_report(world):
    draft = draft_report(world, year=2026, quarter=3)
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="国庆长假顺延",
        user=world.province_admin,
    )
    draft.refresh_from_db()
    assert draft.due_date == date(2026, 10, 20)
    assert services.due_date_for(world.jingbian_bureau, 2026, 3) == date(2026, 10, 20)


def test_a_units_own_extension_outranks_the_general_one(world):
    draft = draft_report(world, year=2026, quarter=3)
    services.deadline_extend(
        year=2026,
        quarter=3,
        unit=world.yanchang_bureau,
        due_date=date(2026, 10, 25),
        reason="县里机构改革，报送人员调整",
        user=world.province_admin,
    )
    services.deadline_extend(
        year=2026, quarter=3, due_date=date(2026, 10, 15), reason="顺延", user=world.province_admin
    )
    draft.refresh_from_db()
    assert draft.due_date == date(2026, 10, 25)
    assert services.due_date_for(world.yanchuan_bureau, 2026, 3) == date(2026, 10, 15)


def test_a_submitted_report_keeps_the_deadline_it_was_judged_by(world):
    report = submitted_report(world, year=2026, quarter=3)
    before = report.due_date
    services.deadline_extend(
        year=2026, quarter=3, due_date=date(2026, 10, 30), reason="顺延", user=world.province_admin
    )
    report.refresh_from_db()
    assert report.due_date == before


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer"])
def test_only_administrators_extend(world, who):
    with pytest.raises(PermissionDenied):
        services.deadline_extend(
            year=2026, quarter=3, due_date=date(2026, 10, 20), reason="x", user=getattr(world, who)
        )
    assert not DeadlineExtension.objects.exists()


def test_a_city_administrator_extends_only_for_their_own_units(world):
    city_admin = person("yanan_admin", world.yanan_office, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.deadline_extend(
            year=2026, quarter=3, due_date=date(2026, 10, 20), reason="x", user=city_admin
        )
    with pytest.raises(PermissionDenied):
        services.deadline_extend(
            year=2026,
            quarter=3,
            unit=world.jingbian_bureau,
            due_date=date(2026, 10, 20),
            reason="x",
            user=city_admin,
        )
    services.deadline_extend(
        year=2026,
        quarter=3,
        unit=world.yanchang_bureau,
        due_date=date(2026, 10, 20),
        reason="县里断网",
        user=city_admin,
    )
    assert services.due_date_for(world.yanchang_bureau, 2026, 3) == date(2026, 10, 20)


def test_an_extension_needs_a_reason_and_a_later_date(world):
    with pytest.raises(ValidationError) as error:
        services.deadline_extend(
            year=2026, quarter=3, due_date=date(2026, 10, 5), reason="x", user=world.province_admin
        )
    assert "due_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.deadline_extend(
            year=2026, quarter=3, due_date=date(2026, 10, 20), reason=" ", user=world.province_admin
        )
    assert "reason" in error.value.message_dict


def test_the_admin_form_extends_through_the_service(world, client_for, admin_with_permissions):
    draft = draft_report(world, year=2026, quarter=3)
    client = client_for(admin_with_permissions)
    response = client.post(
        reverse("admin:submissions_deadlineextension_add"),
        {
            "year": 2026,
            "quarter": 3,
            "unit": world.yanchang_bureau.pk,
            "due_date": "2026年10月24日",
            "reason": "暴雨导致断网",
        },
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    assert extension.granted_by == admin_with_permissions
    assert Report.objects.get(pk=draft.pk).due_date == date(2026, 10, 24)

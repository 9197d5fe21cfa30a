"""A unit files a nomination: a work, a person, with supporting files."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from awards.models import Nomination, NominationStatus
from tests.awards.conftest import file_work
from tests.submissions.builders import png_bytes


def url(aw):
    return reverse("awards:nomination-create", args=[aw.programme.pk])


def work(world, aw, **extra):
    return {
        "unit": world.yanchang_bureau.pk,
        "category": aw.theme.pk,
        "nominee_name": "刘志刚",
        "nominee_unit": world.yanchang_bureau.pk,
        "work_title": "一条硬化路",
        "work_text": "村里的路修通了。",
        **extra,
    }


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_reporter_files_a_work(world, aw, client_for):
    client = client_for(world.reporter)
    assert client.get(url(aw)).status_code == 200
    response = client.post(url(aw), work(world, aw))
    nomination = Nomination.objects.get()
    assertRedirects(response, reverse("awards:nomination-detail", args=[nomination.pk]))
    assert nomination.status == NominationStatus.AWAITING_SIGNOFF
    assert nomination.work_title == "一条硬化路"
    assert nomination.unit == world.yanchang_bureau


def test_reporter_files_a_person_with_supporting_files(world, aw, client_for):
    files = [
        SimpleUploadedFile("事迹.png", png_bytes(), content_type="image/png"),
        SimpleUploadedFile("照片.png", png_bytes(), content_type="image/png"),
    ]
    response = client_for(world.reporter).post(
        url(aw),
        {
            "unit": world.yanchang_bureau.pk,
            "category": aw.person_cat.pk,
            "nominee_name": "张红梅",
            "nominee_unit": world.yanchang_bureau.pk,
            "deeds": "驻村三年。",
            "files": files,
        },
    )
    nomination = Nomination.objects.get()
    assertRedirects(response, reverse("awards:nomination-detail", args=[nomination.pk]))
    assert sorted(a.original_name for a in nomination.attachments.all()) == ["事迹.png", "照片.png"]
    assert nomination.work_title == ""


def test_ineligible_nominee_gets_a_message(world, aw, client_for):
    response = client_for(world.reporter).post(
        url(aw), work(world, aw, category=aw.unit_cat.pk, nominee_unit="")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Nomination.objects.exists()


def test_after_the_window_nothing_is_filed(world, aw, client_for):
    aw.programme.nomination_closes = timezone.localdate() - timedelta(days=1)
    aw.programme.save()
    response = client_for(world.reporter).post(url(aw), work(world, aw))
    assert response.context["form"].non_field_errors()
    assert not Nomination.objects.exists()


def test_over_the_limit_nothing_is_filed(world, aw, client_for):
    for n in range(3):
        file_work(world, aw, title=f"作品{n}")
    response = client_for(world.reporter).post(url(aw), work(world, aw))
    assert response.context["form"].non_field_errors()
    assert Nomination.objects.count() == 3


def test_cannot_file_for_another_unit(world, aw, client_for):
    response = client_for(world.reporter).post(
        url(aw), work(world, aw, unit=world.yanchuan_bureau.pk)
    )
    assert "unit" in response.context["form"].errors
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_reviewer"])
def test_involved_people_who_do_not_file_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


@pytest.mark.parametrize("who", ["outsider_reporter", "nobody"])
def test_outsiders_get_404(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 404


def test_put_is_not_allowed(world, aw, client_for):
    assert client_for(world.reporter).put(url(aw)).status_code == 405

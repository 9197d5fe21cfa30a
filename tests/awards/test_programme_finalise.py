"""Making the list final: only after the notice, only with every objection settled."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from awards import services
from awards.models import Certificate, Programme, ProgrammeStatus


def url(programme):
    return reverse("awards:programme-finalise", args=[programme.pk])


def status(programme):
    return Programme.objects.get(pk=programme.pk).status


@contextmanager
def after_notice(programme):
    """As if the notice period had run out (the session would not survive a time jump)."""
    Programme.objects.filter(pk=programme.pk).update(
        notice_starts=timezone.localdate() - timedelta(days=10),
        notice_ends=timezone.localdate() - timedelta(days=1),
    )
    yield


def test_anonymous_is_sent_to_login(client, published):
    response = client.post(url(published.programme))
    assertRedirects(response, f"{reverse('login')}?next={url(published.programme)}")


def test_admin_makes_the_list_final(world, client_for, published):
    client = client_for(world.province_admin)
    with after_notice(published.programme):
        response = client.post(url(published.programme), {"circular_number": "延扶办〔2026〕8号"})
    assertRedirects(response, reverse("awards:programme-detail", args=[published.programme.pk]))
    programme = Programme.objects.get(pk=published.programme.pk)
    assert programme.status == ProgrammeStatus.FINAL
    assert programme.circular_number == "延扶办〔2026〕8号"
    assert sorted(Certificate.objects.values_list("nomination_id", flat=True)) == sorted(
        [published.work.pk, published.unit.pk]
    )


def test_unsettled_objections_block_it(world, client_for, published):
    services.objection_lodge(programme=published.programme, text="抄袭", contact="a@b.cn")
    with after_notice(published.programme):
        response = client_for(world.province_admin).post(url(published.programme), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert status(published.programme) == ProgrammeStatus.NOTICE
    assert not Certificate.objects.exists()


def test_not_during_the_notice(world, client_for, published):
    client_for(world.province_admin).post(url(published.programme))
    assert status(published.programme) == ProgrammeStatus.NOTICE


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, published, who):
    with after_notice(published.programme):
        assert client_for(getattr(world, who)).post(url(published.programme)).status_code == 403
    assert status(published.programme) == ProgrammeStatus.NOTICE


def test_get_is_not_allowed(world, client_for, published):
    assert client_for(world.province_admin).get(url(published.programme)).status_code == 405

"""Two administrators editing the same activity: the second, saving from a page that
showed the earlier version, is told someone else changed it, keeps what they typed, and
overwrites nothing; both changes that went through are in the activity's history."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from campaigns.models import Activity
from campaigns.services import ConcurrentEdit
from portal.models import Role
from tests.campaigns.builders import published_campaign
from tests.factories import person


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_as_shown(page) -> dict:
    """The activity form's fields as the browser would send them back."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_the_second_save_of_an_activity_is_refused_and_keeps_its_input(world):
    activity = published_campaign(world).activities.get(is_summary=False)
    url = reverse("campaigns:activity-edit", args=[activity.pk])
    first = signed_in(world.province_admin)
    second = signed_in(person("second_admin", world.province_office, Role.ADMIN))
    data_first, data_second = form_as_shown(first.get(url)), form_as_shown(second.get(url))
    assert data_first["version"] == "1"

    first.post(url, {**data_first, "title": "集中宣传报道（修订一）"})
    response = second.post(url, {**data_second, "title": "集中宣传报道（修订二）"})

    assert response.status_code == 200
    content = response.content.decode()
    with translation.override("zh-hans"):
        assert str(ConcurrentEdit()) in content
    assert re.search(r'value="集中宣传报道（修订二）"', content)
    activity.refresh_from_db()
    assert activity.title == "集中宣传报道（修订一）"
    assert activity.version == 2
    latest = activity.history.latest()
    assert (latest.title, latest.history_user) == ("集中宣传报道（修订一）", world.province_admin)


def test_a_fresh_page_saves(world):
    activity = published_campaign(world).activities.get(is_summary=False)
    url = reverse("campaigns:activity-edit", args=[activity.pk])
    admin = signed_in(world.province_admin)
    admin.post(url, {**form_as_shown(admin.get(url)), "title": "一"})
    admin.post(url, {**form_as_shown(admin.get(url)), "title": "二"})
    assert Activity.objects.get(pk=activity.pk).title == "二"

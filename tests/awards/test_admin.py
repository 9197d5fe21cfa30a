"""The Django admin pages for award records open; nominations are read-only there."""

import pytest
from django.urls import reverse

from tests.awards.conftest import file_work
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "model", ["programme", "tier", "judge", "nomination", "objection", "certificate"]
)
def test_changelists_open_for_a_superuser(world, aw, client_for, model):
    file_work(world, aw)
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    response = client_for(boss).get(reverse(f"admin:awards_{model}_changelist"))
    assert response.status_code == 200


def test_nominations_cannot_be_edited_there(world, aw, client_for):
    nomination = file_work(world, aw)
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    client = client_for(boss)
    url = reverse("admin:awards_nomination_change", args=[nomination.pk])
    client.post(url, {"nominee_name": "改"})
    nomination.refresh_from_db()
    assert nomination.nominee_name == "刘志刚"

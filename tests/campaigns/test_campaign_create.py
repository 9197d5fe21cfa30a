"""An administrator creates a campaign with its phases in the portal."""

import pytest
from django.urls import reverse

from campaigns.forms import MAX_PHASES
from campaigns.models import Campaign
from portal.models import JournalEntry

URL = reverse("campaigns:campaign-create")


def post_data(world, **extra):
    data = {
        "owner_unit": world.province_office.pk,
        "kind": "annual_plan",
        "year": 2026,
        "title": "2026年脱贫攻坚宣传工作方案",
        "theme": "精准扶贫宣传",
        "guiding_text": "紧紧围绕脱贫攻坚工作重点。",
        "summary_due": "",
        "phases-TOTAL_FORMS": "3",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "phases-0-name": "宣传发动",
        "phases-0-starts_on": "2026-04-01",
        "phases-0-ends_on": "2026-05-31",
        "phases-1-name": "跟踪报道",
        "phases-1-starts_on": "2026-06-01",
        "phases-1-ends_on": "2026-09-30",
        "phases-2-name": "",
        "phases-2-starts_on": "",
        "phases-2-ends_on": "",
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_put_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).put(URL).status_code == 405


@pytest.mark.parametrize(
    "who", ["reporter", "approver", "city_reviewer", "province_reviewer", "nobody"]
)
def test_only_administrators_may_create(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, post_data(world)).status_code == 403
    assert not Campaign.objects.exists()


def test_admin_creates_a_draft_with_phases(world, client_for):
    client = client_for(world.province_admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL, post_data(world))
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("campaigns:campaign-detail", args=[campaign.pk])
    assert campaign.status == "draft"
    assert campaign.owner_unit == world.province_office
    assert [p.name for p in campaign.phases.all()] == ["宣传发动", "跟踪报道"]
    assert campaign.history.get().history_user == world.province_admin
    # Beside the sign-in's security event (portal.security_events).
    campaign_events = JournalEntry.objects.exclude(action__startswith="security.")
    assert campaign_events.get().action == "campaigns.campaign.created"


def test_a_phase_ending_before_it_starts_is_refused(world, client_for):
    data = post_data(world, **{"phases-0-ends_on": "2026-03-01"})
    response = client_for(world.province_admin).post(URL, data)
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_another_admins_unit_cannot_be_chosen(world, client_for):
    response = client_for(world.province_admin).post(
        URL, post_data(world, owner_unit=world.yulin_office.pk)
    )
    assert response.status_code == 200
    assert "owner_unit" in response.context["form"].errors


def test_a_forged_form_count_is_refused_without_building_the_forms(world, client_for):
    client = client_for(world.province_admin)

    response = client.post(URL, post_data(world, **{"phases-TOTAL_FORMS": "3000"}))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= MAX_PHASES
    [error] = formset.non_form_errors().as_data()
    assert error.code == "too_many_forms"
    assert error.messages[0] in response.content.decode()
    assert not Campaign.objects.exists()

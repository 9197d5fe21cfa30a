"""An administrator edits the campaign's text and phases; a stale form is refused."""

import pytest
from django.urls import reverse

from campaigns.forms import MAX_PHASES
from tests.campaigns.builders import draft_campaign


@pytest.fixture
def campaign(world):
    return draft_campaign(world)


def url(campaign):
    return reverse("campaigns:campaign-edit", args=[campaign.pk])


def post_data(campaign, **extra):
    phases = list(campaign.phases.all())
    data = {
        "version": campaign.version,
        "kind": campaign.kind,
        "year": campaign.year,
        "title": "2026年扶贫日系列活动（修订）",
        "theme": campaign.theme,
        "guiding_text": campaign.guiding_text,
        "summary_due": "2026-10-25",
        "phases-TOTAL_FORMS": str(len(phases) + 1),
        "phases-INITIAL_FORMS": str(len(phases)),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    for i, phase in enumerate(phases):
        data.update(
            {
                f"phases-{i}-id": phase.pk,
                f"phases-{i}-campaign": campaign.pk,
                f"phases-{i}-name": phase.name,
                f"phases-{i}-starts_on": phase.starts_on.isoformat(),
                f"phases-{i}-ends_on": phase.ends_on.isoformat(),
            }
        )
    n = len(phases)
    data.update(
        {
            f"phases-{n}-name": "总结报送",
            f"phases-{n}-starts_on": "2026-10-18",
            f"phases-{n}-ends_on": "2026-10-25",
        }
    )
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(campaign, client):
    assert client.get(url(campaign))["Location"].startswith(reverse("login"))


def test_delete_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).delete(url(campaign)).status_code == 405


def test_admin_renames_and_adds_a_phase(world, campaign, client_for):
    client = client_for(world.province_admin)
    assert client.get(url(campaign)).status_code == 200
    response = client.post(url(campaign), post_data(campaign))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "2026年扶贫日系列活动（修订）"
    assert [p.name for p in campaign.phases.all()][-1] == "总结报送"
    assert campaign.history.first().history_user == world.province_admin


def test_a_stale_version_is_refused(world, campaign, client_for):
    response = client_for(world.province_admin).post(
        url(campaign), post_data(campaign, version=campaign.version + 1)
    )
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.title == "2026年扶贫日系列活动"


def test_reviewer_cannot_see_a_draft(world, campaign, client_for):
    assert client_for(world.province_reviewer).get(url(campaign)).status_code == 404


def test_units_of_a_published_campaign_may_not_edit_it(world, client_for):
    from tests.campaigns.builders import published_campaign

    campaign = published_campaign(world, year=2025)
    for who in (world.reporter, world.city_reviewer, world.province_reviewer):
        assert client_for(who).get(url(campaign)).status_code == 403
    assert client_for(world.outsider_reporter).get(url(campaign)).status_code == 404


def test_a_summary_date_set_after_publishing_asks_every_unit(world, client_for):
    from campaigns.models import Assignment
    from tests.campaigns.builders import published_campaign

    campaign = published_campaign(world, year=2025, summary=False)
    assert not Assignment.objects.filter(activity__is_summary=True).exists()
    data = post_data(campaign, year=2025, summary_due="2025-10-25")
    data = {k: v.replace("2026", "2025") if isinstance(v, str) else v for k, v in data.items()}
    response = client_for(world.province_admin).post(url(campaign), data)
    assert response.status_code == 302
    summaries = Assignment.objects.filter(activity__is_summary=True)
    assert {a.unit for a in summaries} == {world.yanchang_bureau, world.yanchuan_bureau}
    assert {a.activity.report_due.isoformat() for a in summaries} == {"2025-10-25"}


def test_a_forged_form_count_is_refused_without_building_the_forms(world, campaign, client_for):
    client = client_for(world.province_admin)

    response = client.post(url(campaign), post_data(campaign, **{"phases-TOTAL_FORMS": "3000"}))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= MAX_PHASES
    [error] = formset.non_form_errors().as_data()
    assert error.code == "too_many_forms"
    assert error.messages[0] in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.title != "2026年扶贫日系列活动（修订）"

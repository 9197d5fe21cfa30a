"""seed_demo's campaigns: the 2020 Poverty Alleviation Day plan and this year's county
plan, published, with assignments in every state; running it again changes nothing."""

import time

from django.core.management import call_command

from campaigns.models import Assignment, AssignmentState, Campaign, CampaignKind


def test_seed_demo_adds_both_campaigns_with_every_state(db):
    call_command("seed_demo", password="Demo@2026-test", verbosity=0)
    kinds = set(Campaign.objects.values_list("kind", "status"))
    assert kinds == {
        (CampaignKind.POVERTY_DAY, "published"),
        (CampaignKind.ANNUAL_PLAN, "published"),
    }
    poverty_day = Campaign.objects.get(kind=CampaignKind.POVERTY_DAY)
    assert poverty_day.activities.filter(is_summary=False).count() == 5  # the five batches
    assert poverty_day.activities.filter(is_summary=True).count() == 1
    annual = Campaign.objects.get(kind=CampaignKind.ANNUAL_PLAN)
    assert annual.phases.count() == 3
    assert set(Assignment.objects.values_list("state", flat=True)) == set(AssignmentState.values)
    count = Assignment.objects.count()

    started = time.monotonic()
    from campaigns.demo import seed

    assert seed() == ""
    assert time.monotonic() - started < 3
    assert Assignment.objects.count() == count

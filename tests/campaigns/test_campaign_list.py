"""The campaign list: what each person may see, and who may start a new one."""

import pytest
from django.urls import reverse

from tests.campaigns.builders import draft_campaign, published_campaign

URL = reverse("campaigns:campaign-list")


@pytest.fixture
def campaigns(world):
    return published_campaign(world, year=2025), draft_campaign(world, year=2026)


def listed(response) -> set[int]:
    return {c.pk for c in response.context["campaigns"]}


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).post(URL).status_code == 405


def test_someone_without_a_role_is_refused(world, client_for):
    assert client_for(world.nobody).get(URL).status_code == 403


def test_admin_sees_drafts_and_may_create(world, campaigns, client_for):
    published, draft = campaigns
    response = client_for(world.province_admin).get(URL)
    assert listed(response) == {published.pk, draft.pk}
    assert 'data-testid="new-campaign"' in response.content.decode()


@pytest.mark.parametrize(
    "who", ["reporter", "approver", "neighbour_reporter", "city_reviewer", "province_reviewer"]
)
def test_people_reached_by_the_published_campaign_see_only_it(world, campaigns, client_for, who):
    published, _draft = campaigns
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert listed(response) == {published.pk}
    assert 'data-testid="new-campaign"' not in response.content.decode()


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer"])
def test_people_outside_its_units_do_not_see_it(world, campaigns, client_for, who):
    assert listed(client_for(getattr(world, who)).get(URL)) == set()


def test_the_lead_unit_sees_what_waits_for_acceptance(world, client_for):
    from tests.campaigns.builders import assignment_of, mark_done

    campaign = published_campaign(world)
    assignment = assignment_of(campaign, world.yanchang_bureau)
    mark_done(world, assignment)
    response = client_for(world.city_reviewer).get(URL)
    assert [a.pk for a in response.context["waiting"]] == [assignment.pk]
    assert client_for(world.reporter).get(URL).context["waiting"] == []

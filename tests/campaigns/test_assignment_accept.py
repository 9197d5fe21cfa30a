"""The lead unit or an administrator accepts a done assignment."""

import pytest
from django.urls import reverse

from portal.journal import entries_for
from tests.campaigns.builders import assignment_of, mark_done, published_campaign


@pytest.fixture
def assignment(world):
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    return assignment


def url(assignment):
    return reverse("campaigns:assignment-accept", args=[assignment.pk])


def test_anonymous_is_sent_to_login(assignment, client):
    assert client.post(url(assignment), {"version": 1})["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, assignment, client_for):
    assert client_for(world.city_reviewer).get(url(assignment)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_admin"])
def test_lead_unit_or_admin_accepts(world, assignment, client_for, who):
    user = getattr(world, who)
    client_for(user).post(url(assignment), {"version": assignment.version, "comment": "很好"})
    assignment.refresh_from_db()
    assert (assignment.state, assignment.accepted_by) == ("accepted", user)
    assert assignment.history.first().history_user == user
    event = entries_for(assignment).last()
    assert (event.action, event.actor, event.comment) == (
        "campaigns.assignment.accepted",
        user,
        "很好",
    )


def test_an_open_assignment_cannot_be_accepted(world, client_for):
    assignment = assignment_of(published_campaign(world, year=2025), world.yanchang_bureau)
    client_for(world.city_reviewer).post(url(assignment), {"version": assignment.version})
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_a_stale_version_is_refused(world, assignment, client_for):
    client_for(world.city_reviewer).post(url(assignment), {"version": assignment.version - 1})
    assignment.refresh_from_db()
    assert assignment.state == "done"


@pytest.mark.parametrize("who", ["reporter", "approver", "province_reviewer"])
def test_others_may_not_accept(world, assignment, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(assignment), {"version": assignment.version}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["neighbour_reporter", "other_city_reviewer"])
def test_other_units_get_404(world, assignment, client_for, who):
    response = client_for(getattr(world, who)).post(url(assignment), {"version": 1})
    assert response.status_code == 404


def test_a_lead_unit_does_not_accept_its_own_work(world, client_for):
    from tests.factories import person

    campaign = published_campaign(world, units=[world.yanan_office], summary=False)
    own = assignment_of(campaign, world.yanan_office)
    city_clerk = person("yanan_clerk", world.yanan_office, "reporter")
    mark_done(world, own, user=city_clerk)
    own.refresh_from_db()
    response = client_for(world.city_reviewer).post(url(own), {"version": own.version})
    assert response.status_code == 403
    client_for(world.province_admin).post(url(own), {"version": own.version})
    own.refresh_from_db()
    assert own.state == "accepted"

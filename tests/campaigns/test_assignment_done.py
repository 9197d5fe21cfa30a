"""The unit marks its assignment done, for the lead unit to check."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from portal.journal import entries_for
from tests.campaigns.builders import assignment_of, file_progress, published_campaign


@pytest.fixture
def assignment(world):
    return assignment_of(published_campaign(world), world.yanchang_bureau)


def url(assignment):
    return reverse("campaigns:assignment-done", args=[assignment.pk])


def test_anonymous_is_sent_to_login(assignment, client):
    assert client.post(url(assignment), {"version": 1})["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, assignment, client_for):
    assert client_for(world.reporter).get(url(assignment)).status_code == 405


def test_approver_marks_it_done_after_progress(world, assignment, client_for):
    file_progress(world, assignment)
    assignment.refresh_from_db()
    client_for(world.approver).post(url(assignment), {"version": assignment.version})
    assignment.refresh_from_db()
    assert assignment.state == "done"
    assert assignment.done_at is not None
    assert entries_for(assignment).last().action == "campaigns.assignment.done"


def test_nothing_filed_nothing_done(world, assignment, client_for):
    response = client_for(world.reporter).post(url(assignment), {"version": assignment.version})
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_a_stale_version_is_refused(world, assignment, client_for):
    file_progress(world, assignment)
    client_for(world.reporter).post(url(assignment), {"version": 1})
    assignment.refresh_from_db()
    assert assignment.state == "in_progress"


@pytest.mark.parametrize("who", ["city_reviewer", "province_admin"])
def test_overseers_may_not_mark_it_done(world, assignment, client_for, who):
    file_progress(world, assignment)
    assignment.refresh_from_db()
    response = client_for(getattr(world, who)).post(
        url(assignment), {"version": assignment.version}
    )
    assert response.status_code == 403


def test_other_units_get_404(world, assignment, client_for):
    response = client_for(world.neighbour_reporter).post(url(assignment), {"version": 1})
    assert response.status_code == 404

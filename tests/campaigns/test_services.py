"""The assignment's states move only along TRANSITIONS, and every change is recorded."""

import pytest

from campaigns import services
from campaigns.models import AssignmentState
from portal.journal import entries_for
from tests.campaigns.builders import assignment_of, file_progress, mark_done, published_campaign


@pytest.fixture
def assignment(world):
    return assignment_of(published_campaign(world), world.yanchang_bureau)


def test_a_done_assignment_takes_no_more_progress_until_sent_back(world, assignment):
    mark_done(world, assignment)
    with pytest.raises(services.CampaignError):
        file_progress(world, assignment)


def test_accepted_is_final(world, assignment):
    mark_done(world, assignment)
    assignment.refresh_from_db()
    services.assignment_accept(
        assignment=assignment, user=world.city_reviewer, version=assignment.version
    )
    for action, user in (
        (services.assignment_accept, world.province_admin),
        (services.assignment_mark_done, world.reporter),
    ):
        assignment.refresh_from_db()
        with pytest.raises(services.CampaignError):
            action(assignment=assignment, user=user, version=assignment.version)
    assert assignment.state == AssignmentState.ACCEPTED


def test_the_whole_course_is_in_the_journal_and_the_history(world, assignment):
    mark_done(world, assignment)
    assignment.refresh_from_db()
    services.assignment_return(
        assignment=assignment, user=world.city_reviewer, version=assignment.version, comment="补充"
    )
    file_progress(world, assignment)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    services.assignment_accept(
        assignment=assignment, user=world.province_admin, version=assignment.version
    )
    journal = list(entries_for(assignment).values_list("action", "actor__username"))
    assert journal == [
        ("campaigns.progress.filed", "reporter"),
        ("campaigns.assignment.done", "reporter"),
        ("campaigns.assignment.returned", "city_reviewer"),
        ("campaigns.progress.filed", "reporter"),
        ("campaigns.assignment.done", "reporter"),
        ("campaigns.assignment.accepted", "province_admin"),
    ]
    states = [h.state for h in assignment.history.order_by("history_date", "history_id")]
    assert states == [
        "assigned",
        "in_progress",
        "done",
        "returned",
        "in_progress",
        "done",
        "accepted",
    ]
    assert assignment.version == 7

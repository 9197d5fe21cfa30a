"""The selector the reminders use: open assignments with their deadline, unit and title."""

from datetime import date

from campaigns.selectors import open_assignments_with_deadlines
from tests.campaigns.builders import assignment_of, draft_campaign, mark_done, published_campaign


def test_open_assignments_of_published_campaigns_with_their_deadlines(world):
    draft_campaign(world, year=2027)  # drafts remind nobody
    campaign = published_campaign(world)
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    rows = {
        (a.unit.name, a.title if not a.activity.is_summary else "summary", a.deadline)
        for a in open_assignments_with_deadlines()
    }
    assert rows == {
        ("延川县扶贫开发局", "宣传一批：集中宣传报道1", date(2026, 10, 22)),
        ("延长县扶贫开发局", "summary", date(2026, 10, 25)),
        ("延川县扶贫开发局", "summary", date(2026, 10, 25)),
    }


def test_returned_assignments_are_open_again(world):
    from campaigns import services

    campaign = published_campaign(world, summary=False)
    assignment = assignment_of(campaign, world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    services.assignment_return(
        assignment=assignment, user=world.city_reviewer, version=assignment.version, comment="补充"
    )
    assert assignment.pk in {a.pk for a in open_assignments_with_deadlines()}

"""A refused campaign form comes back with what was typed and the reason beside it,
instead of a redirect that loses the text; nothing is written."""

import re

from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign
from campaigns.services import ConcurrentEdit
from portal.models import JournalEntry
from tests.campaigns.builders import assignment_of, mark_done, published_campaign


def review_form(response) -> str:
    content = response.content.decode()
    start = content.index('data-testid="review-form"')
    return content[start : content.index("</form>", start)]


def done_assignment(world):
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    return assignment


def test_a_stale_return_keeps_the_comment_beside_the_conflict(world, client_for):
    assignment = done_assignment(world)
    events = JournalEntry.objects.filter(action__startswith="campaigns.").count()
    response = client_for(world.city_reviewer).post(
        reverse("campaigns:assignment-return", args=[assignment.pk]),
        {"version": assignment.version - 1, "comment": "请补充现场照片"},
    )
    assert response.status_code == 200
    form = review_form(response)
    with translation.override("zh-hans"):
        assert str(ConcurrentEdit()) in form
    assert re.search(r"请补充现场照片\s*</textarea>", form)
    assignment.refresh_from_db()
    assert assignment.state == "done"
    assert JournalEntry.objects.filter(action__startswith="campaigns.").count() == events


def test_a_stale_accept_keeps_the_comment(world, client_for):
    assignment = done_assignment(world)
    response = client_for(world.city_reviewer).post(
        reverse("campaigns:assignment-accept", args=[assignment.pk]),
        {"version": assignment.version + 3, "comment": "材料齐全"},
    )
    assert response.status_code == 200
    assert "材料齐全" in review_form(response)
    assignment.refresh_from_db()
    assert assignment.state == "done"


def test_a_return_without_the_page_version_keeps_the_comment(world, client_for):
    assignment = done_assignment(world)
    response = client_for(world.city_reviewer).post(
        reverse("campaigns:assignment-return", args=[assignment.pk]), {"comment": "请补充"}
    )
    assert response.status_code == 200
    assert "请补充" in review_form(response)
    assignment.refresh_from_db()
    assert assignment.state == "done"


def test_accepting_what_someone_else_accepted_only_says_so(world, client_for):
    """No accept-or-return form left on the page: the message goes to the page."""
    assignment = done_assignment(world)
    client = client_for(world.city_reviewer)
    url = reverse("campaigns:assignment-accept", args=[assignment.pk])
    client.post(url, {"version": assignment.version, "comment": "好"})
    response = client.post(url, {"version": assignment.version, "comment": "好"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == "accepted"


def test_a_copy_with_an_impossible_year_is_refused_beside_the_year(world, client_for):
    source = published_campaign(world)
    response = client_for(world.province_admin).post(
        reverse("campaigns:campaign-copy", args=[source.pk]), {"year": "19999"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="19999"' in content
    assert 'data-testid="copy-year-error"' in content
    assert Campaign.objects.count() == 1

"""The lead unit sends a done assignment back with a comment; the unit files again."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.campaigns.builders import assignment_of, file_progress, mark_done, published_campaign

COMMENT = "请补充现场照片和媒体报道链接。"


@pytest.fixture
def assignment(world):
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    return assignment


def url(assignment):
    return reverse("campaigns:assignment-return", args=[assignment.pk])


def test_anonymous_is_sent_to_login(assignment, client):
    response = client.post(url(assignment), {"version": 1, "comment": COMMENT})
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, assignment, client_for):
    assert client_for(world.city_reviewer).get(url(assignment)).status_code == 405


def test_sent_back_with_a_comment_the_unit_sees_and_can_file_again(world, assignment, client_for):
    client_for(world.city_reviewer).post(
        url(assignment), {"version": assignment.version, "comment": COMMENT}
    )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.last_comment) == ("returned", COMMENT)
    page = client_for(world.reporter).get(
        reverse("campaigns:assignment-detail", args=[assignment.pk])
    )
    assert 'data-testid="latest-comment"' in page.content.decode()
    assert page.context["may_file"]
    file_progress(world, assignment)
    assignment.refresh_from_db()
    assert assignment.state == "in_progress"


def test_a_comment_is_required(world, assignment, client_for):
    response = client_for(world.city_reviewer).post(
        url(assignment), {"version": assignment.version, "comment": "  "}
    )
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.state == "done"


@pytest.mark.parametrize("who", ["reporter", "province_reviewer"])
def test_others_may_not_send_back(world, assignment, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(assignment), {"version": assignment.version, "comment": COMMENT}
    )
    assert response.status_code == 403


def test_other_units_get_404(world, assignment, client_for):
    response = client_for(world.outsider_reporter).post(
        url(assignment), {"version": 1, "comment": COMMENT}
    )
    assert response.status_code == 404


def test_the_unit_is_told_in_the_bell(world, assignment, client_for):
    client_for(world.city_reviewer).post(
        url(assignment), {"version": assignment.version, "comment": COMMENT}
    )
    link = reverse("campaigns:assignment-detail", args=[assignment.pk])
    told = dict(Notification.objects.values_list("recipient__username", "url"))
    assert told == {"reporter": link, "approver": link}
    page = client_for(world.approver).get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in page

"""The assignment page: who sees it, and which forms each person gets."""

import pytest
from django.urls import reverse

from tests.campaigns.builders import assignment_of, mark_done, published_campaign


@pytest.fixture
def assignment(world):
    return assignment_of(published_campaign(world), world.yanchang_bureau)


def url(assignment):
    return reverse("campaigns:assignment-detail", args=[assignment.pk])


def test_anonymous_is_sent_to_login(assignment, client):
    assert client.get(url(assignment))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, assignment, client_for):
    assert client_for(world.reporter).post(url(assignment)).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_unit_may_file_progress(world, assignment, client_for, who):
    response = client_for(getattr(world, who)).get(url(assignment))
    assert response.status_code == 200
    assert response.context["may_file"]
    assert 'data-testid="progress-form"' in response.content.decode()


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_overseers_see_it_without_the_filing_form(world, assignment, client_for, who):
    response = client_for(getattr(world, who)).get(url(assignment))
    assert response.status_code == 200
    assert not response.context["may_file"]


def test_the_lead_unit_gets_the_review_form_once_done(world, assignment, client_for):
    mark_done(world, assignment)
    html = client_for(world.city_reviewer).get(url(assignment)).content.decode()
    assert 'data-testid="review-form"' in html
    html = client_for(world.province_reviewer).get(url(assignment)).content.decode()
    assert 'data-testid="review-form"' not in html


@pytest.mark.parametrize(
    "who", ["neighbour_reporter", "outsider_reporter", "other_city_reviewer", "nobody"]
)
def test_other_units_get_404(world, assignment, client_for, who):
    assert client_for(getattr(world, who)).get(url(assignment)).status_code == 404

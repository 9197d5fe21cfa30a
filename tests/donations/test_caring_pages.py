"""A caring person's pages speak to a member of the public: one who lit up wishes is never
told to "contact an administrator to be added to a unit"."""

import pytest
from django.urls import reverse

from donations.signup import is_caring_person
from portal.models import User
from tests.donations.test_signup import FORM, URL, zh
from tests.factories import UserFactory

HOME = reverse("home")
STAFF_WARNING = "Your account is not yet attached to any unit"


@pytest.fixture
def caring(dw, client):
    client.post(URL, FORM)
    return client


def test_a_caring_persons_home_invites_them_to_the_wishes(dw, caring):
    html = caring.get(HOME).content.decode()
    assert (
        zh(STAFF_WARNING + ". Ask your administrator to add you to your unit with a role.")
        not in html
    )
    assert "管理员" not in html
    assert 'data-testid="caring-welcome"' in html
    assert f'href="{reverse("donations:public-wishes")}"' in html
    assert f'href="{reverse("donations:my-claims")}"' in html
    assert zh("Your units and roles") not in html


def test_a_refused_staff_page_tells_a_caring_person_what_is_theirs(dw, caring):
    response = caring.get(reverse("donations:project-create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="caring-refusal"' in html
    assert "管理员" not in html


def test_staff_not_yet_in_a_unit_are_still_told_to_ask_their_administrator(dw, client_for):
    clerk = UserFactory()
    html = client_for(clerk).get(HOME).content.decode()
    assert (
        zh(STAFF_WARNING + ". Ask your administrator to add you to your unit with a role.") in html
    )
    assert 'data-testid="caring-welcome"' not in html
    response = client_for(clerk).get(reverse("donations:project-create"))
    assert 'data-testid="caring-refusal"' not in response.content.decode()


def test_a_caring_person_given_a_role_is_staff_from_then_on(dw, caring):
    from portal.models import Membership, Role

    person = User.objects.get(username=FORM["username"])
    assert is_caring_person(person)
    Membership.objects.create(user=person, unit=dw.township_office, role=Role.REPORTER)
    assert not is_caring_person(person)
    assert 'data-testid="caring-welcome"' not in caring.get(HOME).content.decode()

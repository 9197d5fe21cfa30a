"""Staff pages cost the same few queries however many pledges, projects or wishes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from donations import services
from tests.donations.conftest import make_pledge, make_project, pay
from tests.donations.test_wishes_services import make_wish
from tests.factories import UserFactory


def fill(dw, n):
    project = make_project(dw, title=f"项目{n}")
    for i in range(n):
        pledge = make_pledge(
            dw, amount="100.00", designation="project", project=project, donor_name=f"捐赠者{i}"
        )
        pay(dw, pledge, Decimal("50.00"))
        # Each wish lit up by a caring person of its own: the list names each of them.
        services.wish_claim(user=UserFactory(), wish=make_wish(dw, title=f"心愿{i}"))


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("drive-detail", "reporter"),
        ("project-list", "reporter"),
        ("wish-list", "helper"),
        ("statistics", "reporter"),
    ],
)
def test_queries_do_not_grow_with_rows(dw, client_for, django_assert_max_num_queries, name, who):
    client = client_for(getattr(dw, who))
    args = [dw.drive.pk] if name == "drive-detail" else []
    url = reverse(f"donations:{name}", args=args)
    fill(dw, 2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    fill(dw, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)

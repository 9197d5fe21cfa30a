"""What test_permissions.py leaves out: people of the other city (榆林市's reviewer, 靖边县's
reporter) guessing the id of every Yan'an project, drive, pledge, receipt and wish, for
every view that takes one, including the drive's campaign and statistics filings and the
donation certificate; all get 404 and change nothing."""

import pytest
from django.urls import reverse

from donations.models import LedgerEntry, Pledge, Project, Wish
from tests.access import assert_each_person_gets, each_row, row_url
from tests.donations.test_permissions import CASES, dw, objs, shared  # noqa: F401

# Lighting up a published wish is open to any signed-in person on purpose (caring people
# live anywhere), so wish-claim is not in this table.
WITH_ID = [c for c in CASES if c[1] is not None and c[0] != "wish-claim"] + [
    ("drive-campaign", "drive", "post", {}),
    ("drive-statistics", "drive", "post", {}),
    ("certificate-pdf", "pledge", "get", {}),
]
STRANGERS = ["other_city_reviewer", "outsider_reporter"]


def _state():
    return (
        list(Project.objects.order_by("pk").values_list("status", flat=True)),
        list(Pledge.objects.order_by("pk").values_list("status", flat=True)),
        list(Wish.objects.order_by("pk").values_list("status", flat=True)),
        LedgerEntry.objects.count(),
    )


@each_row([c[:3] for c in WITH_ID], columns=("name", "key", "method"))
@pytest.mark.parametrize("who", STRANGERS)
def test_the_other_city_guessing_an_id_gets_404(dw, objs, client_for, name, key, method, who):  # noqa: F811
    url = row_url("donations", name, key, objs)
    assert_each_person_gets(dw, client_for, url, method, {who: 404}, state=_state)


@pytest.mark.parametrize("name", ["project-list", "drive-list", "wish-list", "disclosures"])
def test_the_other_citys_lists_do_not_show_yanans_rows(dw, objs, client_for, name):  # noqa: F811
    page = client_for(dw.other_city_reviewer).get(reverse(f"donations:{name}")).text
    assert "凉水岸村苹果冷库" not in page
    assert "2026年扶贫日募捐" not in page
    assert "书桌" not in page

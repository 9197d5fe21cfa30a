"""The donations lists not measured in test_query_counts.py cost the same queries however
many projects, pledges, receipts and wishes there are: the drives list, the goods queue,
the disclosures, a project's and a pledge's page, one's own claims, the home pages of the
township and the helping unit, and the public pages the first time they are drawn (the
cache is emptied before each measure)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import services
from portal.models import Role
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pay, pdf
from tests.donations.test_wishes_services import make_wish
from tests.factories import UnitFactory, person


def _queries(client, url) -> tuple[int, str]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries), response.text


def fill(dw, n, start):
    """For each i: a project with cash and goods pledges (paid, received, valued), a
    drive of a new county bureau beside it, and a wish lit up by the caring person."""
    project = make_project(dw, title=f"项目{start}")
    for i in range(start, start + n):
        cash = make_pledge(
            dw, amount="100.00", designation="project", project=project, donor_name=f"捐赠者{i}"
        )
        pay(dw, cash, Decimal("50.00"), ref=f"BANK-{i}")
        pay(dw, cash, Decimal("50.00"), ref=f"BANK-{i}b")
        goods = make_pledge(
            dw,
            kind="goods",
            amount="300.00",
            items=[("书包", Decimal("10"), "个")],
            donor_name=f"商会{i}",
        )
        services.receipt_record_goods(
            user=dw.reporter,
            pledge=goods,
            amount=Decimal("300.00"),
            received_on=date(2026, 10, 9),
            valued_by=dw.village,
            certificate=attachment_create(
                unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
            ),
        )
        services.wish_claim(user=dw.nobody, wish=make_wish(dw, title=f"心愿{i}"))
        bureau = UnitFactory(name=f"县局{i}", region=[dw.yanchuan, dw.jingbian][i % 2])
        services.drive_create(
            user=person(f"drive_reporter{i}", bureau, Role.REPORTER),
            unit=bureau,
            title=f"募捐活动{i}",
            period_start=date(2026, 9, 1),
            period_end=date(2026, 10, 17),
            stats_due=date(2026, 10, 10),
        )
    if start == 0:
        # Disclosed once: later pledges count in the totals without being named yet.
        services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    return project


PAGES = [
    ("donations:drive-list", "reporter", None),
    ("donations:drive-list", "province_admin", None),
    ("donations:goods-queue", "township_reporter", None),
    ("donations:goods-queue", "reporter", None),
    ("donations:disclosures", "reporter", None),
    ("donations:disclosures", "city_reviewer", None),
    ("donations:my-claims", "nobody", None),
    ("donations:project-detail", "reporter", "project"),
    ("donations:pledge-detail", "reporter", "pledge"),
    ("home", "township_reporter", None),
    ("home", "helper", None),
    ("home", "nobody", None),
    ("donations:public-index", None, None),
    ("donations:public-wishes", None, None),
    ("donations:public-drive", None, "drive"),
    ("donations:public-project", None, "project"),
]


@pytest.mark.parametrize(
    ("name", "who", "arg"), PAGES, ids=[f"{p[0].split(':')[-1]}-{p[1]}" for p in PAGES]
)
def test_queries_stay_flat_as_rows_grow(dw, client_for, client, name, who, arg):
    browser = client_for(getattr(dw, who)) if who else client
    project = fill(dw, 2, 0)
    big = make_pledge(dw, amount="1000.00", designation="project", project=project)
    pay(dw, big, Decimal("10.00"), ref="BIG-0")
    objs = {"project": project.pk, "drive": dw.drive.pk, "pledge": big.pk}
    url = reverse(name, args=[objs[arg]] if arg else [])
    _queries(browser, url)  # the session and the language settle on the first request
    few, _ = _queries(browser, url)
    # More of everything, and more on the very project and pledge the page shows.
    fill(dw, 8, 2)
    for i in range(6):
        pledge = make_pledge(
            dw, amount="10.00", designation="project", project=project, donor_name=f"追加{i}"
        )
        pay(dw, pledge, Decimal("10.00"), ref=f"MORE-{i}")
        pay(dw, big, Decimal("10.00"), ref=f"BIG-{i + 1}")
    many, _ = _queries(browser, url)
    assert many == few, (few, many)

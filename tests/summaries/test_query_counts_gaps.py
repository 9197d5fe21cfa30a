"""The documents list and a unit's report preview cost the same queries however many
documents, units and items there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Role
from submissions.models import Item
from summaries import figures, services
from summaries.models import DocumentKind
from tests.factories import UnitFactory, person
from tests.submissions.builders import add_items, draft_report, submitted_report

URL = reverse("summaries:document-list")


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _documents(world, n, start):
    """Printouts of new units in several counties, and summaries of the two cities."""
    counties = [world.yanchang, world.yanchuan, world.jingbian]
    cities = [world.yanan, world.yulin]
    quarterly = {
        c.pk: figures.quarterly(world.province_admin, c, 2026, 3, date(2026, 10, 20))
        for c in cities
    }
    for i in range(start, start + n):
        unit = UnitFactory(name=f"打印单位{i}", region=counties[i % len(counties)])
        reporter = person(f"printer{i}", unit, Role.REPORTER)
        report = draft_report(world, n_items=1, unit=unit, reporter=reporter)
        services.document_request(
            user=reporter,
            kind=DocumentKind.UNIT_REPORT,
            figures=figures.unit_report(report),
            title=f"打印单位{i}宣传报告",
            issue_date=date(2026, 11, 1),
            unit=unit,
        )
        region = cities[i % 2]
        services.document_request(
            user=world.province_admin,
            kind=DocumentKind.QUARTERLY,
            figures=quarterly[region.pk],
            title=f"{region.name}季度通报{i}",
            doc_number=f"扶办〔2026〕{i}号",
            issuer=region.name,
            issue_date=date(2026, 10, 1 + i),
            region=region,
        )


@pytest.mark.parametrize("who", ["province_admin", "city_reviewer", "reporter"])
def test_document_list_stays_flat_as_documents_grow(world, client_for, who):
    client = client_for(getattr(world, who))
    _queries(client, URL)
    _documents(world, 2, 0)
    few, _ = _queries(client, URL)
    _documents(world, 9, 2)
    many, page = _queries(client, URL)
    assert many == few
    if who == "province_admin":
        assert "打印单位10宣传报告" in page


def test_unit_report_preview_stays_flat_as_items_grow(world, client_for):
    report = draft_report(world, n_items=2)
    url = reverse("summaries:unit-report", args=[world.yanchang_bureau.pk, 2026, 3])
    client = client_for(world.city_reviewer)
    _queries(client, url)
    few, _ = _queries(client, url)
    add_items(report, 12, user=world.reporter, start=2)
    assert Item.objects.filter(report=report).count() == 14
    many, page = _queries(client, url)
    assert many == few
    assert Item.objects.filter(report=report).order_by("pk").last().title in page


@pytest.mark.parametrize(
    ("name", "who", "query"),
    [
        ("summaries:year-end", "province_admin", "?year=2026"),
        ("summaries:quarterly", "province_admin", "?year=2026&quarter=3"),
        ("summaries:quarterly", "city_reviewer", "?year=2026&quarter=3"),
    ],
)
def test_summary_previews_stay_flat_as_units_and_reports_grow(world, client_for, name, who, query):
    """The preview pages, not only their figures: the template and its presenters too."""
    user = getattr(world, who)
    client = client_for(user)
    region = world.province if who == "province_admin" else world.yanan
    url = f"{reverse(name)}{query}&region={region.pk}"

    def grow(n, start):
        counties = [world.yanchang, world.yanchuan, world.jingbian]
        for i in range(start, start + n):
            unit = UnitFactory(name=f"新县{i}扶贫开发局", region=counties[i % 3])
            submitted_report(
                world,
                n_items=2,
                unit=unit,
                reporter=person(f"r{i}", unit, Role.REPORTER),
                approver=person(f"a{i}", unit, Role.APPROVER),
            )

    _queries(client, url)
    grow(1, 0)
    few, _ = _queries(client, url)
    grow(5, 1)
    many, page = _queries(client, url)
    assert many == few
    assert "新县4扶贫开发局" in page

"""Figures, snapshots and issued documents: the PDF says what the database says."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from notifications.models import Notification, NotificationKind
from portal import documents
from portal.clock import china_today
from portal.models import Role
from submissions.models import Item, ReviewResult
from summaries import figures, services
from summaries.models import DocumentKind, DocumentStatus, IssuedDocument
from tests.factories import UnitFactory, person
from tests.submissions.builders import submitted_report
from tests.summaries.data import embedded_fonts, pdf_text


def issue_year_end(world, **header):
    data = figures.year_end(world.province_admin, world.province, 2026, china_today())
    return services.document_request(
        user=world.province_admin,
        kind=DocumentKind.YEAR_END,
        figures=data,
        title=header.get("title", "陕西省2026年度扶贫宣传工作总结"),
        doc_number=header.get("doc_number", "陕扶办〔2026〕12号"),
        issuer=header.get("issuer", "陕西省扶贫开发办公室"),
        issue_date=date(2026, 12, 31),
        region=world.province,
    )


def test_year_end_figures_equal_the_database(world, year_2026):
    data = figures.year_end(world.province_admin, world.province, 2026, china_today())
    items = Item.objects.filter(published_on__year=2026)
    adopted = items.filter(review_result=ReviewResult.ADOPTED)
    assert data["totals"]["published"] == items.count() == 6
    assert data["totals"]["adopted"] == adopted.count() == 5
    central = data["totals"]["rows"][0]
    assert central["level"] == "central"
    assert (central["published_total"], central["adopted_total"]) == (2, 1)
    assert data["quarters"][2] == {"quarter": 3, "published": 6, "adopted": 5}
    ranking = [(u["rank"], u["unit"], u["points"]) for u in data["units"][:2]]
    assert ranking == [(1, "延长县扶贫开发局", "15.00"), (2, "靖边县扶贫开发局", "14.00")]
    assert data["points_total"] == "29.00"
    assert data["highlights"][0]["points"] == "10.00"
    assert {e["unit"] for e in data["late"]} == {"延长县扶贫开发局", "靖边县扶贫开发局"}
    assert {"quarter": 3, "unit": "延川县扶贫开发局", "due": "2026-10-10"} in data["missing"]


def test_a_city_summary_holds_only_the_city(world, year_2026):
    data = figures.year_end(world.province_admin, world.yanan, 2026, china_today())
    assert data["totals"]["published"] == 3
    assert {u["unit"] for u in data["units"]} == {
        "延安市扶贫开发办公室",
        "延长县扶贫开发局",
        "延川县扶贫开发局",
    }
    assert all("靖边" not in e["unit"] for e in data["late"] + data["missing"])


def test_quarterly_figures(world, year_2026):
    data = figures.quarterly(world.province_admin, world.province, 2026, 3, china_today())
    assert data["late"] == ["延长县扶贫开发局", "靖边县扶贫开发局"]
    assert "延川县扶贫开发局" in data["missing"]
    assert (data["published"], data["adopted"]) == (6, 5)
    jingbian = next(u for u in data["units"] if u["unit"] == "靖边县扶贫开发局")
    assert (jingbian["adopted"], jingbian["points"], jingbian["status"]) == (2, "14.00", "late")


def test_unit_report_lists_every_item_with_its_result(world, year_2026):
    data = figures.unit_report(year_2026["jingbian"])
    assert [i["result"] for i in data["items"]] == ["adopted", "adopted", "rejected"]
    assert data["items"][2]["reason"] == "与上季度重复"
    assert (data["adopted"], data["points"]) == (2, "14.00")


def test_unchanged_data_gives_back_the_same_document(world, year_2026):
    first, created = issue_year_end(world)
    again, created_again = issue_year_end(world)
    assert created and not created_again
    assert again.pk == first.pk
    other, created_other = issue_year_end(world, doc_number="陕扶办〔2026〕13号")
    assert created_other and other.pk != first.pk
    assert IssuedDocument.objects.count() == 2


def test_changed_data_gives_a_new_document(world, year_2026):
    first, _ = issue_year_end(world)
    Item.objects.filter(report=year_2026["jingbian"], review_result="rejected").update(
        review_result=ReviewResult.ADOPTED
    )
    second, created = issue_year_end(world)
    assert created and second.snapshot_hash != first.snapshot_hash


def test_hash_is_of_the_frozen_snapshot(world, year_2026):
    document, _ = issue_year_end(world)
    assert document.snapshot_hash == documents.snapshot_hash(document.snapshot)
    assert document.snapshot["document"]["doc_number"] == "陕扶办〔2026〕12号"


@pytest.fixture
def made(world, year_2026):
    document, _ = issue_year_end(world)
    document = documents.make(IssuedDocument, document.pk)
    with document.file.open("rb") as f:
        return document, f.read()


def test_document_make_stores_the_pdf(made):
    document, pdf = made
    assert document.status == DocumentStatus.DONE
    assert pdf.startswith(b"%PDF")
    assert documents.make(IssuedDocument, document.pk).file.name == document.file.name


def test_the_requester_is_notified_once_when_the_document_is_ready(made, world):
    document, _ = made
    documents.make(IssuedDocument, document.pk)  # a redelivered task makes nothing
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (
        world.province_admin,
        NotificationKind.DOCUMENT,
    )
    assert document.title in notification.title
    assert notification.url == reverse("summaries:document-detail", args=[document.pk])


def test_pdf_figures_equal_the_database(made, world):
    document, pdf = made
    text = pdf_text(pdf)
    expected_texts = [
        "陕西省扶贫开发办公室",
        "陕扶办〔2026〕12号",
        "陕西省2026年度扶贫宣传工作总结",
    ]
    expected_texts += ["延长县扶贫开发局", "靖边县扶贫开发局", "延川县扶贫开发局", "2026年12月31日"]
    for expected in expected_texts:
        assert expected in text, expected
    compact = text.replace(" ", "")
    for figure in ["15.00", "14.00", "29.00", "10.00"]:
        assert figure in compact
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata["/SnapshotSHA256"] == document.snapshot_hash
    assert document.snapshot_hash in compact


def test_pdf_is_a4_with_embedded_cjk_fonts(made):
    _document, pdf = made
    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.28) < 1
        assert abs(float(page.mediabox.height) - 841.89) < 1
    fonts = embedded_fonts(pdf)
    assert all(kind in ("/FontFile2", "/FontFile3") for kind in fonts.values()), fonts
    assert any("CJK-SC" in name or "UKai" in name for name in fonts), fonts


def test_a_failed_document_is_retried_when_asked_again(world, year_2026):
    document, _ = issue_year_end(world)
    IssuedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
    again, created = issue_year_end(world)
    assert created and again.pk == document.pk and again.status == DocumentStatus.PENDING


def test_figures_take_the_same_queries_however_many_units(world, year_2026):
    def count():
        admin = type(world.province_admin).objects.get(pk=world.province_admin.pk)
        with CaptureQueriesContext(connection) as queries:
            figures.year_end(admin, world.province, 2026, china_today())
            figures.quarterly(admin, world.province, 2026, 3, china_today())
        return len(queries)

    before = count()
    for n in range(3):
        unit = UnitFactory(name=f"新县{n}扶贫开发局", region=world.yanchuan)
        submitted_report(
            world,
            n_items=2,
            unit=unit,
            reporter=person(f"r{n}", unit, Role.REPORTER),
            approver=person(f"a{n}", unit, Role.APPROVER),
        )
    assert count() == before


def test_a_document_whose_worker_died_is_taken_over(world, year_2026):
    document, _ = issue_year_end(world)
    long_ago = timezone.now() - timedelta(minutes=10)
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RUNNING, claimed_at=long_ago
    )
    assert documents.make(IssuedDocument, document.pk).status == DocumentStatus.DONE


def test_a_document_being_made_is_not_made_twice(world, year_2026):
    document, _ = issue_year_end(world)
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RUNNING, claimed_at=timezone.now()
    )
    made = documents.make(IssuedDocument, document.pk)
    assert made.status == DocumentStatus.RUNNING and not made.file
    _again, created = issue_year_end(world)
    assert not created


def test_a_lost_task_is_queued_again_when_asked(world, year_2026):
    document, _ = issue_year_end(world)
    IssuedDocument.objects.filter(pk=document.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    again, created = issue_year_end(world)
    assert created and again.pk == document.pk

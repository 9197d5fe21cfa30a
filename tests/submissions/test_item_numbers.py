"""Items keep their number: "第3条" of a report names the same story for the
reporter, the approver and the reviewer, whatever is added or deleted around it; and a
phone's long report page has a way to its add form and back."""

import datetime as dt
import io
import re
import threading

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from portal.clock import CHINA
from submissions import importing, services
from submissions.journal import LABELS
from submissions.models import Item
from tests.submissions.builders import (
    add_items,
    draft_report,
    item_data,
    item_post,
    submitted_report,
)


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def review(report):
    return reverse("submissions:report-review", args=[report.pk])


def numbers_shown(html: str) -> dict[int, int]:
    """Item id → the number its row shows, for the report page and the review page."""
    shown = {}
    for row in re.findall(r'<tr id="item-(\d+)" data-testid="item-row">(.*?)</tr>', html, re.S):
        pk, cells = row
        number = re.search(r'data-testid="item-number">\s*(\d+)\s*<', cells)
        shown[int(pk)] = int(number.group(1))
    return shown


def stored(report) -> dict[int, int]:
    return dict(report.items.values_list("pk", "number"))


def test_an_earlier_dated_item_added_later_takes_the_next_number(world, client_for):
    report = draft_report(world, n_items=0)
    add_items(report, 3, user=world.reporter, start=1)  # published 8, 15 and 22 July
    before = stored(report)
    assert sorted(before.values()) == [1, 2, 3]
    client = client_for(world.reporter)

    # Dated before every item there: it sorts first, but is the fourth item added.
    post = item_post(5, published_on="2026-07-01")
    response = client.post(reverse("submissions:item-create", args=[report.pk]), post)
    assert response.status_code == 302

    new = report.items.latest("pk")
    assert new.number == 4
    assert stored(report) == before | {new.pk: 4}
    page = client.get(detail(report)).text
    assert numbers_shown(page) == stored(report)
    # The list still follows the publication dates: the new item is its first row.
    assert list(numbers_shown(page)) == list(
        report.items.order_by("published_on", "pk").values_list("pk", flat=True)
    )


def test_deleting_an_item_renumbers_nothing_and_its_number_is_not_reused(world, client_for):
    report = draft_report(world, n_items=3)
    client = client_for(world.reporter)
    last = report.items.get(number=3)
    second = report.items.get(number=2)
    for item in (second, last):
        response = client.post(
            reverse("submissions:item-delete", args=[item.pk]), {"version": item.version}
        )
        assert response.status_code == 302

    assert list(report.items.values_list("number", flat=True)) == [1]
    client.post(reverse("submissions:item-create", args=[report.pk]), item_post(6))
    assert sorted(report.items.values_list("number", flat=True)) == [1, 4]
    assert numbers_shown(client.get(detail(report)).text) == stored(report)


def test_editing_an_item_keeps_its_number(world, client_for):
    report = draft_report(world, n_items=2)
    item = report.items.get(number=1)
    client = client_for(world.reporter)
    edit = reverse("submissions:item-edit", args=[item.pk])
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", client.get(edit).text, re.S).group(1)
    assert "第1条" in heading
    post = item_post(0, title="改过标题的稿件", version=item.version)
    response = client.post(edit, post)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.number) == ("改过标题的稿件", 1)


def test_numbers_are_per_report(world):
    ours = draft_report(world, n_items=2)
    theirs = draft_report(
        world, n_items=2, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter
    )
    assert sorted(stored(ours).values()) == sorted(stored(theirs).values()) == [1, 2]


def _in_thread(target):
    outcome = {}

    def run():
        try:
            outcome["result"] = target()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_items_added_at_once_get_different_numbers(world):
    report = draft_report(world, n_items=1)
    holding, release = threading.Event(), threading.Event()

    def add_and_hold():
        # The first save takes its number and keeps its transaction open.
        with transaction.atomic():
            item = services.item_create(report=report, user=world.reporter, data=item_data(1))
            holding.set()
            release.wait(10)
        return item.number

    def add():
        return services.item_create(report=report, user=world.reporter, data=item_data(2)).number

    first, first_outcome = _in_thread(add_and_hold)
    assert holding.wait(10)
    second, second_outcome = _in_thread(add)
    second.join(0.5)
    assert second.is_alive()  # waits on the report's row lock
    release.set()
    first.join(10)
    second.join(10)
    close_old_connections()
    assert (first_outcome, second_outcome) == ({"result": 2}, {"result": 3})
    assert sorted(report.items.values_list("number", flat=True)) == [1, 2, 3]


def _sheet(rows: list[dict], headers: list[str]):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("items.xlsx", buffer.getvalue())


def _import(client, report, upload):
    url = reverse("submissions:item-import", args=[report.pk])
    response = client.post(url, {"file": upload})
    assert response.status_code == 302, response
    preview = client.get(response["Location"])
    rows = sorted(set(re.findall(r'name="rows" value="(\d+)"', preview.text)))
    token = re.search(r"token=([\w-]+)", response["Location"]).group(1)
    response = client.post(url, {"token": token, "rows": rows})
    assert response["Location"] == detail(report)


NEW_HEADERS = [column.header for column in importing.COLUMNS]
# The headers of the template's earlier edition; files filled in from it are still out there.
OLD_HEADERS = {
    "刊发日期": "发布日期",
    "版面或栏目": "版面/栏目",
    "宣传活动": "活动标签",
    "头版或头条": "头版/头条",
    "获领导批示": "领导批示",
}


def _row(title: str, day: str, headers: dict) -> dict:
    values = {
        "标题": title,
        "媒体名称": "延安日报",
        "媒体级别": "市级媒体",
        "媒体类型": "报纸",
        "刊发日期": day,
        "版面或栏目": "第2版",
        "内容类别": "产业扶贫",
        "宣传活动": "扶贫日",
        "头版或头条": "是",
        "获领导批示": "是",
    }
    return {headers.get(header, header): value for header, value in values.items()}


@pytest.mark.parametrize("old", [False, True], ids=["form-words", "former-headers"])
def test_an_import_numbers_its_rows_after_the_items_there_and_reads_either_headers(
    world, client_for, old
):
    report = draft_report(world, n_items=2)
    headers = OLD_HEADERS if old else {}
    rows = [_row("第一条导入的稿件", "2026-09-20", headers), _row("第二条", "2026-07-02", headers)]
    sheet_headers = [headers.get(h, h) for h in NEW_HEADERS]
    _import(client_for(world.reporter), report, _sheet(rows, sheet_headers))

    imported = {i.title: i for i in report.items.filter(number__gt=2)}
    assert {t: i.number for t, i in imported.items()} == {"第一条导入的稿件": 3, "第二条": 4}
    first = imported["第一条导入的稿件"]
    assert (first.page, first.campaign_tag, first.is_lead_story, first.leader_endorsed) == (
        "第2版",
        "扶贫日",
        True,
        True,
    )
    assert first.published_on == dt.date(2026, 9, 20)


def test_the_template_uses_the_forms_words(world, client_for):
    """Each column of the Excel template is headed as the web form labels its field."""
    from submissions.forms.reporting import ItemForm

    with translation.override("zh-hans"):
        form = ItemForm(unit=world.yanchang_bureau)
        labels = {name: str(field.label) for name, field in form.fields.items()}
    for column in importing.COLUMNS:
        if column.field in labels and column.field not in ("authors", "link"):
            assert column.header == labels[column.field], column.field
    response = client_for(world.reporter).get(reverse("submissions:import-template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert {"刊发日期", "宣传活动", "头版或头条"} <= set(headers)
    assert not {"发布日期", "活动标签"} & set(headers)


def test_the_grid_numbers_its_rows_after_the_items_there(world, client_for):
    report = draft_report(world, n_items=1)
    data = {"rows": "3", "token": "grid-numbers", "action": "save"}
    for index, title in ((0, "表格第一行"), (2, "表格第三行")):
        values = {
            "title": title,
            "outlet": "延安日报",
            "media_level": "市级媒体",
            "media_type": "报纸",
            "published_on": "2026-08-17",
            "category": "产业扶贫",
        }
        data.update({f"r{index}-{field}": value for field, value in values.items()})
    response = client_for(world.reporter).post(
        reverse("submissions:item-grid", args=[report.pk]), data
    )
    assert response["Location"] == detail(report)
    assert dict(report.items.values_list("title", "number")) == {
        report.items.get(number=1).title: 1,
        "表格第一行": 2,
        "表格第三行": 3,
    }


def test_the_review_page_and_the_printout_show_the_stored_numbers(world, client_for):
    report = draft_report(world, n_items=3)
    first = report.items.get(number=1)
    services.item_delete(item=first, user=world.reporter, version=first.version)
    # Dated 7 July, before the others left: the printout lists it first, under number 4.
    add_items(report, 1, user=world.reporter, start=14)
    report.refresh_from_db()
    report = services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    report = services.report_sign_off(report=report, user=world.approver, version=report.version)
    assert sorted(stored(report).values()) == [2, 3, 4]

    page = client_for(world.city_reviewer).get(review(report)).text
    assert numbers_shown(page) == stored(report)

    printout = client_for(world.reporter).get(
        reverse("summaries:unit-report", args=[report.unit_id, report.year, report.quarter])
    )
    listed = re.findall(
        r'data-item="(\d+)"[^>]*><div class="item-title">(\d+)\. ', printout.content.decode()
    )
    assert {int(pk): int(n) for pk, n in listed} == stored(report)
    in_date_order = report.items.order_by("published_on", "pk").values_list("pk", flat=True)
    assert [int(pk) for pk, _n in listed] == list(in_date_order)


def test_the_resubmission_diff_names_items_by_number(world, client_for):
    report = submitted_report(world, n_items=2)
    report = services.report_return(
        report=report, user=world.city_reviewer, version=report.version, comment="请补充"
    )
    second = report.items.get(number=2)
    services.item_delete(item=second, user=world.reporter, version=second.version)
    add_items(report, 1, user=world.reporter, start=3)
    report.refresh_from_db()
    report = services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    report = services.report_sign_off(report=report, user=world.approver, version=report.version)

    page = client_for(world.city_reviewer).get(review(report)).text
    added = re.search(r'data-testid="changes-added">(.*?)</ul>', page, re.S).group(1)
    removed = re.search(r'data-testid="changes-removed">(.*?)</ul>', page, re.S).group(1)
    assert "第3条" in added and second.title not in added
    assert "第2条" in removed and second.title in removed
    assert 'data-testid="changes-changed"' not in page  # the number is no change


def test_the_journal_names_the_item_by_number(world, client_for):
    report = draft_report(world, n_items=1)
    item = services.item_create(report=report, user=world.reporter, data=item_data(2))
    services.item_delete(item=item, user=world.reporter, version=item.version)
    page = client_for(world.reporter).get(detail(report)).text
    journal = re.search(r'data-testid="journal">(.*?)</table>', page, re.S).group(1)
    with translation.override("zh-hans"):
        added, deleted = (str(LABELS[f"submissions.item.{a}"]) for a in ("created", "deleted"))
    lines = [line for line in journal.split("</tr>") if "第2条" in line]
    assert len(lines) == 2  # added, then deleted: the same number both times
    assert all(item.title in line for line in lines)
    assert any(deleted in line for line in lines) and any(added in line for line in lines)


def test_a_long_report_page_links_to_its_add_form_and_back(world, client_for):
    empty = draft_report(world, n_items=0)
    client = client_for(world.reporter)
    assert 'data-testid="jump-to-add"' not in client.get(detail(empty)).text  # form in view

    report = draft_report(world, n_items=3, quarter=2)
    page = client.get(detail(report)).text
    jump = re.search(r'<a [^>]*href="#add-item"[^>]*data-testid="jump-to-add"[^>]*>(.*?)</a>', page)
    assert jump and "添加成果" in jump.group(1)
    assert page.index('data-testid="jump-to-add"') < page.index('data-testid="items"')
    assert 'id="add-item"' in page
    assert re.search(r'href="#report-top"[^>]*>.*?回到顶部', page)
    assert 'id="report-top"' in page
    # Not for those who cannot add: the approver reads the same page.
    assert 'data-testid="jump-to-add"' not in client_for(world.approver).get(detail(report)).text


def test_reporter_and_reviewer_pages_write_times_alike(world, client_for):
    report = submitted_report(world, n_items=1)
    with translation.override("zh-hans"):
        shown = date_format(report.submitted_at.astimezone(CHINA), "DATETIME_FORMAT")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", shown)
    reporter_page = client_for(world.reporter).get(detail(report)).text
    reviewer_page = client_for(world.city_reviewer).get(review(report)).text
    queue = client_for(world.city_reviewer).get(reverse("submissions:queue")).text
    for page in (reporter_page, reviewer_page, queue):
        assert shown in page
        assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", page)


def test_every_new_item_has_a_number_even_when_created_in_bulk(world):
    report = draft_report(world, n_items=0)
    rows = [item_data(n) | {"row": n + 2} for n in range(3)]
    items = services.items_import(report=report, user=world.reporter, rows=rows)
    assert [item.number for item in items] == [1, 2, 3]
    report.refresh_from_db()
    assert report.last_item_number == 3
    assert Item.objects.filter(report=report).count() == 3

"""Entering many items at once in the report's grid, as clerks keep them in Excel: every
filled row is checked cell by cell like an uploaded sheet; nothing is saved until every row
is right; what was typed is kept; one save, made once even when pressed twice."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from portal.journal import entries_for
from submissions.importing import grid as grids
from submissions.importing.columns import COLUMNS
from submissions.models import Item, MediaLevel
from tests.submissions.builders import draft_report, submitted_report


def url(report):
    return reverse("submissions:item-grid", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def cells(index, title, **changes):
    values = {
        "title": title,
        "outlet": "延安日报",
        "media_level": "市级媒体",
        "media_type": "报纸",
        "published_on": "2026-08-17",
        "category": "产业扶贫",
    }
    values.update(changes)
    return {f"r{index}-{field}": value for field, value in values.items()}


def posted(*rows, count=10, action="save"):
    data = {"rows": str(count), "token": "grid-1", "action": action}
    for row in rows:
        data.update(row)
    return data


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def test_the_reporter_sees_an_empty_grid_with_the_sheets_columns(world, client_for, report):
    response = client_for(world.reporter).get(url(report))
    assert response.status_code == 200
    html = response.text
    assert html.count('data-testid="grid-row"') == grids.FIRST_ROWS + 1  # and the template row
    for label in ["标题", "媒体名称", "媒体级别", "刊发日期", "内容类别", "作者"]:
        assert label in html
    assert 'list="choices-media_level"' in html and '<option value="省级媒体">' in html
    assert "js/grid.js" in html
    # The report page links to it.
    assert url(report) in client_for(world.reporter).get(detail(report)).text


def test_filled_rows_are_saved_together_and_empty_rows_skipped(world, client_for, report):
    data = posted(
        cells(0, "延长县：苹果产业带动群众脱贫", authors="王小燕、外单位记者"),
        cells(
            2,
            "驻村第一书记带领乡亲们走上致富路",
            outlet="陕西日报",
            media_level="Provincial media",
            published_on="2026年9月3日",
            page="第3版",
            is_lead_story="是",
        ),
    )
    response = client_for(world.reporter).post(url(report), data)
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    items = list(report.items.order_by("pk"))
    assert [i.title for i in items] == [
        "延长县：苹果产业带动群众脱贫",
        "驻村第一书记带领乡亲们走上致富路",
    ]
    first, second = items
    assert first.author_names == "外单位记者"
    assert second.media_level == MediaLevel.PROVINCIAL
    assert second.published_on == dt.date(2026, 9, 3) and second.is_lead_story
    assert second.page == "第3版"
    entry = entries_for(report).get(action="submissions.items.entered")
    assert entry.actor == world.reporter and entry.data["count"] == 2
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已保存2条成果。"]


def test_a_wrong_cell_is_marked_where_it_is_and_nothing_is_saved(world, client_for, report):
    data = posted(
        cells(0, "正确的一行"),
        cells(1, "日期写错的一行", published_on="2026-13-45"),
        cells(2, "不在本季度", published_on="2026-01-05", outlet=""),
    )
    response = client_for(world.reporter).post(url(report), data)
    assert response.status_code == 200
    assert not Item.objects.filter(report=report).exists()
    html = response.text
    assert 'data-testid="grid-problem"' in html and "未保存" in html
    # Each problem sits beside its own cell, which keeps what was typed.
    assert 'name="r1-published_on" value="2026-13-45"' in html
    assert 'aria-describedby="r1-published_on-error"' in html
    assert 'id="r1-published_on-error"' in html and "2026-13-45" in html
    assert 'aria-describedby="r2-outlet-error"' in html
    assert 'aria-describedby="r2-published_on-error"' in html
    assert 'aria-describedby="r0-' not in html
    assert 'value="正确的一行"' in html and 'value="grid-1"' in html


def test_pressed_twice_the_rows_are_saved_once(world, client_for, report):
    client = client_for(world.reporter)
    data = posted(cells(0, "只保存一次的稿件"))
    client.post(url(report), data)
    again = client.post(url(report), data)
    assert again.status_code == 302
    assert report.items.count() == 1


def test_more_rows_keep_what_was_typed(world, client_for, report):
    data = posted(cells(0, "已经填好的标题"), action="more")
    response = client_for(world.reporter).post(url(report), data)
    assert response.status_code == 200
    assert response.text.count('data-testid="grid-row"') == 21
    assert 'value="已经填好的标题"' in response.text
    assert not report.items.exists()


@pytest.mark.parametrize("rows", ["100000", "-5", "abc", ""])
def test_the_row_count_stays_within_what_a_page_holds(world, client_for, report, rows):
    response = client_for(world.reporter).get(url(report), {"rows": rows})
    shown = response.text.count('data-testid="grid-row"') - 1
    assert 1 <= shown <= grids.MAX_GRID_ROWS
    forged = posted(cells(0, "标题"), count=100000)
    client_for(world.reporter).post(url(report), forged)
    assert report.items.count() == 1


def test_an_empty_grid_asks_for_a_row(world, client_for, report):
    response = client_for(world.reporter).post(url(report), posted())
    assert response.status_code == 200
    assert 'data-testid="grid-problem"' in response.text
    assert not report.items.exists()


def test_a_handed_on_report_cannot_be_filled_in(world, client_for):
    report = submitted_report(world, n_items=1)
    response = client_for(world.reporter).post(url(report), posted(cells(0, "迟到的稿件")))
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert report.items.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("approver", 403), ("city_reviewer", 403), ("neighbour_reporter", 404), ("nobody", 404)],
)
def test_only_the_units_reporter_may_save_rows(world, client_for, report, who, status):
    response = client_for(getattr(world, who)).post(url(report), posted(cells(0, "越权的稿件")))
    assert response.status_code == status
    assert not report.items.exists()


def every_cell(index, title, **changes):
    """The row as a browser posts it: every column's input, the empty ones too."""
    row = {f"r{index}-{column.field}": "" for column in COLUMNS}
    row.update(cells(index, title, **changes))
    return row


def test_a_full_grid_is_saved_in_as_many_queries_as_a_short_one(world, client_for):
    client = client_for(world.reporter)
    # A first save fills the caches (the security policy, content types) that the first
    # request of a process reads: both counts below are then of the same kind of request.
    warm_up = draft_report(world, n_items=0, quarter=1)
    client.post(url(warm_up), posted(cells(0, "第一条", published_on="2026-02-01"), count=1))
    counts = {}
    for rows in (3, grids.MAX_GRID_ROWS):
        report = draft_report(world, n_items=0, quarter=3 if rows == 3 else 2)
        data = posted(
            *[
                every_cell(
                    i,
                    f"第{i + 1}条稿件",
                    authors="王小燕",
                    published_on=f"2026-0{7 if rows == 3 else 5}-01",
                )
                for i in range(rows)
            ],
            count=rows,
        )
        data["token"] = f"grid-{rows}"
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url(report), data)
        assertRedirects(response, detail(report), fetch_redirect_response=False)
        assert report.items.count() == rows
        assert Item.authors.through.objects.filter(item__report=report).count() == rows
        counts[rows] = len(queries)
    # 300 rows of 13 cells: more fields than Django's default limit of 1,000 lets through.
    # The same queries for 300 rows as for 3 on PostgreSQL; SQLite splits each insert into
    # batches of 999 parameters (16 more). One query per row would be 2,000 more.
    assert counts[grids.MAX_GRID_ROWS] - counts[3] <= (20 if connection.vendor == "sqlite" else 0)


def test_each_saved_row_has_its_creation_with_its_authors_in_the_history(world, client_for, report):
    data = posted(cells(0, "苹果产业带动群众脱贫", authors="王小燕、外单位记者"))
    client_for(world.reporter).post(url(report), data)
    item = report.items.get()
    [created] = item.history.all()
    assert created.history_type == "+" and created.history_user == world.reporter
    assert created.title == "苹果产业带动群众脱贫"
    assert [a.user for a in created.authors.all()] == [world.reporter]
    assert list(item.authors.all()) == [world.reporter]

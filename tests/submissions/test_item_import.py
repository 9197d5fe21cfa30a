"""Importing items from an Excel sheet: upload, errors by row and column, duplicates
flagged in a preview, and the confirmation that imports the ticked rows."""

import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from pytest_django.asserts import assertRedirects

from submissions import importing, services
from submissions.models import Category, Item, MediaLevel, MediaType
from tests.submissions.builders import draft_report, png_bytes, submitted_report

HEADERS = [column.header for column in importing.COLUMNS]


def xlsx(*rows, name="items.xlsx"):
    """An uploaded .xlsx with the template's headers and `rows` (dicts by header)."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(header) for header in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(title, **changes):
    values = {
        "标题": title,
        "媒体名称": "延安日报",
        "媒体级别": "市级媒体",
        "媒体类型": "报纸",
        "刊发日期": dt.date(2026, 8, 17),
        "内容类别": "产业扶贫",
    }
    values.update(changes)
    return values


GOOD_ROWS = [
    row("延长县：苹果产业带动群众脱贫", 作者="王小燕", **{"头版或头条": "是"}),
    row(
        "驻村第一书记带领乡亲们走上致富路",
        媒体名称="陕西日报",
        媒体级别="省级媒体",
        刊发日期="2026年9月3日",
        内容类别="驻村干部先进事迹",
        **{"版面或栏目": "第3版"},
    ),
    row(
        "易地搬迁让山里人住进新楼房",
        媒体名称="人民网",
        媒体级别="中央媒体",
        媒体类型="网络",
        刊发日期="2026/7/15",
        链接="https://www.people.com.cn/n1/2026/0715/c1.html",
        内容类别="易地扶贫搬迁",
        **{"获领导批示": "是"},
    ),
]


def url(report):
    return reverse("submissions:item-import", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def token_of(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["token"][0]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def error_cells(response) -> set[tuple[int, str]]:
    """The (row, column) of each line of the error table the reporter sees."""
    html = response.content.decode()
    return {
        (int(r), c)
        for r, c in re.findall(
            r'data-testid="import-error" data-row="(\d+)" data-column="([^"]+)"', html
        )
    }


def preview_rows(response) -> dict[int, tuple[bool, bool]]:
    """Each preview row: (ticked, flagged as a likely duplicate)."""
    html = response.content.decode()
    found = {}
    for number, attrs, cells in re.findall(
        r'<tr data-testid="import-row" data-row="(\d+)"([^>]*)>(.*?)</tr>', html, re.S
    ):
        ticked = bool(re.search(r'name="rows" value="\d+"[^>]* checked', cells))
        found[int(number)] = (ticked, "data-duplicate" in attrs)
    return found


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def upload(client, report, sheet):
    return client.post(url(report), {"file": sheet})


# --- Access -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(world, client, report):
    response = client.get(url(report))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reporter_sees_the_upload_form(world, client_for, report):
    response = client_for(world.reporter).get(url(report))
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert reverse("submissions:import-template") in response.content.decode()


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_reviewer"])
def test_people_who_may_see_but_not_file_are_refused(world, client_for, report, who):
    client = client_for(getattr(world, who))
    assert client.get(url(report)).status_code == 403
    assert upload(client, report, xlsx(*GOOD_ROWS)).status_code == 403
    assert report.items.count() == 0


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter", "other_city_reviewer"])
def test_other_units_reports_are_not_found(world, client_for, report, who):
    client = client_for(getattr(world, who))
    assert client.get(url(report)).status_code == 404
    assert upload(client, report, xlsx(*GOOD_ROWS)).status_code == 404
    assert report.items.count() == 0


def test_other_methods_are_not_allowed(world, client_for, report):
    assert client_for(world.reporter).put(url(report)).status_code == 405


def test_a_report_handed_on_takes_no_import(world, client_for):
    report = submitted_report(world, n_items=1)
    client = client_for(world.reporter)
    response = upload(client, report, xlsx(*GOOD_ROWS))
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "This report has been handed on and can no longer be changed."
        )
    assert messages_of(response) == [expected]
    assert report.items.count() == 1


# --- A good sheet -------------------------------------------------------------------


def test_a_good_sheet_imports_every_row(world, client_for, report):
    client = client_for(world.reporter)
    response = upload(client, report, xlsx(*GOOD_ROWS))
    assert response.status_code == 302
    token = token_of(response)

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview_rows(preview) == {2: (True, False), 3: (True, False), 4: (True, False)}
    assert report.items.count() == 0  # nothing until the reporter confirms

    response = client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    with translation.override("zh-hans"):
        expected = ngettext("%(n)s item imported.", "%(n)s items imported.", 3) % {"n": 3}
    assert messages_of(response) == [expected]

    items = {item.title: item for item in report.items.all()}
    assert len(items) == 3
    apples = items["延长县：苹果产业带动群众脱贫"]
    assert (apples.outlet, apples.media_level, apples.media_type, apples.category) == (
        "延安日报",
        MediaLevel.MUNICIPAL,
        MediaType.NEWSPAPER,
        Category.INDUSTRY,
    )
    assert apples.is_lead_story and not apples.leader_endorsed
    assert list(apples.authors.all()) == [world.reporter]
    cadres = items["驻村第一书记带领乡亲们走上致富路"]
    assert cadres.published_on == dt.date(2026, 9, 3)  # written 2026年9月3日
    assert (cadres.page, cadres.media_level) == ("第3版", MediaLevel.PROVINCIAL)
    relocation = items["易地搬迁让山里人住进新楼房"]
    assert relocation.published_on == dt.date(2026, 7, 15)
    assert relocation.link == "https://www.people.com.cn/n1/2026/0715/c1.html"
    assert relocation.leader_endorsed

    # The token is spent: the same confirmation cannot import the rows twice.
    again = client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    assertRedirects(again, url(report), fetch_redirect_response=False)
    assert report.items.count() == 3


def test_pressing_import_twice_imports_once(world, client_for, report):
    client = client_for(world.reporter)
    token = token_of(upload(client, report, xlsx(*GOOD_ROWS)))
    # Both requests of a double click read the session before either has finished.
    stashed = client.session[importing.SESSION_KEY]
    client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    session = client.session
    session[importing.SESSION_KEY] = stashed
    session.save()
    response = client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert report.items.count() == 3


def test_confirming_without_a_tick_imports_nothing(world, client_for, report):
    client = client_for(world.reporter)
    token = token_of(upload(client, report, xlsx(*GOOD_ROWS)))
    response = client.post(url(report), {"token": token})
    assert response.status_code == 200
    assert report.items.count() == 0
    assert preview_rows(response) == {2: (False, False), 3: (False, False), 4: (False, False)}


def test_a_token_of_another_report_is_useless(world, client_for, report):
    client = client_for(world.reporter)
    token = token_of(upload(client, report, xlsx(*GOOD_ROWS)))
    other = draft_report(world, n_items=0, quarter=2)
    response = client.post(url(other), {"token": token, "rows": ["2"]})
    assertRedirects(response, url(other), fetch_redirect_response=False)
    assert Item.objects.count() == 0


def test_the_report_handed_on_between_preview_and_confirmation(world, client_for, report):
    client = client_for(world.reporter)
    token = token_of(upload(client, report, xlsx(*GOOD_ROWS)))
    services.item_create(
        report=report,
        user=world.reporter,
        data={
            "title": "已有稿件",
            "outlet": "延长电视台",
            "media_level": MediaLevel.COUNTY,
            "media_type": MediaType.TV,
            "published_on": dt.date(2026, 8, 1),
            "category": Category.POLICY,
        },
    )
    report.refresh_from_db()
    services.report_hand_to_approver(report=report, user=world.reporter, version=report.version)
    response = client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert report.items.count() == 1


# --- A sheet with bad rows ----------------------------------------------------------


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_imported(world, client_for, report):
    client = client_for(world.reporter)
    sheet = xlsx(
        GOOD_ROWS[0],
        row("没有日期的稿件", 刊发日期=None),
        row("第四季度的稿件", 刊发日期="2026年10月17日", 媒体级别="乡镇媒体"),
        GOOD_ROWS[1],
        row("链接不对", 链接="这不是网址", 内容类别="未知类别"),
    )
    response = upload(client, report, sheet)
    assert response.status_code == 200
    assert error_cells(response) == {
        (3, "刊发日期"),
        (4, "刊发日期"),
        (4, "媒体级别"),
        (6, "链接"),
        (6, "内容类别"),
    }
    html = response.content.decode()
    assert "2026-07-01" in html  # the quarter the dates must fall in
    assert "乡镇媒体" in html
    assert report.items.count() == 0
    assert not client.session.get(importing.SESSION_KEY)


# --- Files that are not Excel workbooks ---------------------------------------------


@pytest.mark.parametrize(
    "content",
    [png_bytes(), "标题,媒体名称\n延长县苹果,延安日报\n".encode()],
    ids=["png", "text"],
)
def test_a_file_renamed_xlsx_is_refused(world, client_for, report, content):
    client = client_for(world.reporter)
    response = upload(client, report, SimpleUploadedFile("items.xlsx", content))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["file"]
    assert "items.xlsx" in response.content.decode()
    assert report.items.count() == 0


def test_an_oversize_file_is_refused(world, client_for, report, settings):
    sheet = xlsx(*GOOD_ROWS)
    settings.UPLOAD_MAX_BYTES = sheet.size - 1
    response = upload(client_for(world.reporter), report, sheet)
    assert response.status_code == 200
    assert response.context["form"].has_error("file", "too_large")
    assert report.items.count() == 0


def test_an_empty_sheet_says_so(world, client_for, report):
    response = upload(client_for(world.reporter), report, xlsx())
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- Likely duplicates --------------------------------------------------------------


def test_duplicates_are_flagged_and_only_ticked_rows_are_imported(world, client_for, report):
    elsewhere = draft_report(
        world, n_items=0, unit=world.jingbian_bureau, reporter=world.outsider_reporter
    )
    services.item_create(
        report=elsewhere,
        user=world.outsider_reporter,
        data={
            "title": "易地搬迁让山里人住进新楼房！",
            "outlet": "人民网",
            "media_level": MediaLevel.CENTRAL,
            "media_type": MediaType.ONLINE,
            "published_on": dt.date(2026, 7, 15),
            "category": Category.RELOCATION,
        },
    )
    client = client_for(world.reporter)
    sheet = xlsx(*GOOD_ROWS, row("延长县苹果产业带动群众脱贫"))  # row 5 repeats row 2
    response = upload(client, report, sheet)
    token = token_of(response)
    preview = client.get(response["Location"])
    assert preview_rows(preview) == {
        2: (True, False),
        3: (True, False),
        4: (False, True),  # already reported by 靖边县扶贫开发局
        5: (False, True),  # the same as row 2
    }
    html = preview.content.decode()
    assert "靖边县扶贫开发局" in html
    assert str(elsewhere.period_label) in html

    # The reporter imports the other unit's story anyway, and leaves out the repeat.
    response = client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert sorted(report.items.values_list("title", flat=True)) == sorted(
        [
            "延长县：苹果产业带动群众脱贫",
            "驻村第一书记带领乡亲们走上致富路",
            "易地搬迁让山里人住进新楼房",
        ]
    )


def test_importing_the_same_sheet_again_flags_every_row(world, client_for, report):
    client = client_for(world.reporter)
    token = token_of(upload(client, report, xlsx(*GOOD_ROWS)))
    client.post(url(report), {"token": token, "rows": ["2", "3", "4"]})
    response = upload(client, report, xlsx(*GOOD_ROWS))
    preview = client.get(response["Location"])
    assert preview_rows(preview) == {2: (False, True), 3: (False, True), 4: (False, True)}
    assert report.items.count() == 3

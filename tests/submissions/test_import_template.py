"""The Excel import template: a real workbook with the Chinese headers, drop-downs in
Chinese, a sheet explaining each column, and one example row; filled in, it imports."""

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Category, MediaLevel, MediaType
from tests.submissions.builders import draft_report

URL = reverse("submissions:import-template")
HEADERS = [
    "标题",
    "媒体名称",
    "媒体级别",
    "媒体类型",
    "刊发日期",
    "链接",
    "版面或栏目",
    "作者",
    "内容类别",
    "宣传活动",
    "头版或头条",
    "获领导批示",
    "备注",
]


def workbook_of(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(URL).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver", "province_reviewer", "nobody"])
def test_anyone_signed_in_downloads_it(world, client_for, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]


def test_it_is_a_workbook_with_chinese_headers_and_drop_downs(world, client_for):
    workbook = workbook_of(client_for(world.reporter).get(URL))
    data, help_sheet = workbook.worksheets[0], workbook.worksheets[1]
    assert [cell.value for cell in data[1]] == HEADERS

    example = dict(zip(HEADERS, (cell.value for cell in data[2]), strict=True))
    assert example["媒体级别"] == "市级媒体"
    assert isinstance(example["刊发日期"], dt.datetime)

    # Drop-downs for level, type and category list the Chinese labels.
    validations = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    assert set(validations) >= {"C2", "D2", "I2", "K2", "L2"}
    lists = workbook["选项"]

    def offered(column):
        _sheet, cells = validations[column].formula1.split("!")
        first, last = cells.replace("$", "").split(":")
        return [c.value for (c,) in lists[first:last]]

    assert offered("C2") == [
        "中央媒体",
        "省级媒体",
        "市级媒体",
        "县级媒体",
        "行业媒体",
        "扶贫部门主办媒体",
    ]
    assert "报纸" in offered("D2") and len(offered("D2")) == len(MediaType.values)
    assert "易地扶贫搬迁" in offered("I2") and len(offered("I2")) == len(Category.values)
    assert validations["K2"].formula1 == '"是,否"'

    # The second sheet explains every column.
    explained = [row[0] for row in help_sheet.iter_rows(min_row=2, values_only=True)]
    assert explained[: len(HEADERS)] == HEADERS


def test_a_filled_in_template_imports(world, client_for):
    report = draft_report(world, n_items=0)
    client = client_for(world.reporter)
    workbook = workbook_of(client.get(URL))
    data = workbook.worksheets[0]
    # The example row stays where it is (it is skipped); two items go below it.
    data.append(
        [
            "延长县：苹果产业带动群众脱贫",
            "延安日报",
            "市级媒体",
            "报纸",
            dt.datetime(2026, 8, 17),
            None,
            "第2版",
            "王小燕",
            "产业扶贫",
            "扶贫日",
            "是",
            "否",
            None,
        ]
    )
    for cell, value in zip(
        data[4],
        [
            "兜底保障织密民生安全网",
            "陕西扶贫微信公众号",
            "扶贫部门主办媒体",
            "新媒体（微信、微博）",
            "2026年9月30日",
            "https://mp.weixin.qq.com/s/abc",
            None,
            None,
            "兜底保障",
            None,
            None,
            None,
            "转载",
        ],
        strict=True,
    ):
        cell.value = value
    buffer = io.BytesIO()
    workbook.save(buffer)

    url = reverse("submissions:item-import", args=[report.pk])
    response = client.post(url, {"file": SimpleUploadedFile("填好的模板.xlsx", buffer.getvalue())})
    assert response.status_code == 302, response.context and response.context.get("errors")
    token = parse_qs(urlsplit(response["Location"]).query)["token"][0]
    client.post(url, {"token": token, "rows": ["3", "4"]})

    items = {item.title: item for item in report.items.all()}
    assert set(items) == {"延长县：苹果产业带动群众脱贫", "兜底保障织密民生安全网"}
    apples = items["延长县：苹果产业带动群众脱贫"]
    assert (apples.published_on, apples.media_level, apples.is_lead_story) == (
        dt.date(2026, 8, 17),
        MediaLevel.MUNICIPAL,
        True,
    )
    assert list(apples.authors.all()) == [world.reporter]
    safety = items["兜底保障织密民生安全网"]
    assert (safety.published_on, safety.media_level, safety.media_type) == (
        dt.date(2026, 9, 30),
        MediaLevel.OFFICE,
        MediaType.NEW_MEDIA,
    )

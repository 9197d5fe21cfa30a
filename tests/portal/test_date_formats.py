"""Dates as Chinese clerks type and read them, and as English readers do."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import translation

OCT_17 = datetime.date(2026, 10, 17)


class DateForm(forms.Form):
    day = forms.DateField()


def parse(value: str):
    form = DateForm({"day": value})
    return form.cleaned_data["day"] if form.is_valid() else None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026年10月17日", OCT_17),
        ("2026-10-17", OCT_17),
        ("2026/10/17", OCT_17),
        ("2026.10.17", OCT_17),
        ("2026年1月5日", datetime.date(2026, 1, 5)),
        ("2026年01月05日", datetime.date(2026, 1, 5)),
    ],
)
def test_chinese_date_input_is_accepted(typed, expected):
    with translation.override("zh-hans"):
        assert parse(typed) == expected


@pytest.mark.parametrize("typed", ["17/10/2026", "10/17/2026", "2026年13月1日", "明天"])
def test_chinese_date_input_refuses_other_orders(typed):
    with translation.override("zh-hans"):
        form = DateForm({"day": typed})
        assert not form.is_valid()
        assert "day" in form.errors


def test_chinese_dates_render_in_chinese():
    with translation.override("zh-hans"):
        assert date_filter(OCT_17) == "2026年10月17日"
        assert date_filter(OCT_17, "DATE_FORMAT") == "2026年10月17日"
        assert date_filter(datetime.date(2026, 1, 5)) == "2026年1月5日"
        assert Template("{{ day|date }}").render(Context({"day": OCT_17})) == "2026年10月17日"
        assert date_filter(OCT_17, "SHORT_DATE_FORMAT") == "2026-10-17"


def test_english_dates_render_in_english():
    with translation.override("en"):
        rendered = Template("{{ day|date }}").render(Context({"day": OCT_17}))
        assert rendered == "17 Oct 2026"
        assert "年" not in rendered


def test_english_date_input():
    with translation.override("en"):
        assert parse("2026-10-17") == OCT_17
        assert parse("17/10/2026") == OCT_17
        assert parse("17 Oct 2026") == OCT_17

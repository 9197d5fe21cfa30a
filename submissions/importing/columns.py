"""The sheet's contract: its Chinese column headers, the choice labels it accepts, limits."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy

from submissions.models import Category, MediaLevel, MediaType

MAX_ROWS = 1000
SIMILAR_TITLES = 0.8
DATA_SHEET = "宣传成果"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
# A row whose title starts with this is the template's example, and is skipped.
EXAMPLE_MARK = "【示例】"
SESSION_KEY = "submissions.item_import"
KEPT_IMPORTS = 3


@dataclass(frozen=True)
class Column:
    # The web form's words for the field (its label as the Chinese UI shows it).
    header: str
    field: str
    kind: str  # text, choice, date, url, bool, authors
    required: bool = False
    choices: type | None = None
    help: str = ""
    width: int = 14
    # Headers of templates handed out before, still read on import.
    former_headers: tuple[str, ...] = ()


COLUMNS = [
    Column(
        "标题", "title", "text", True, help=gettext_lazy("The headline as published."), width=40
    ),
    Column(
        "媒体名称",
        "outlet",
        "text",
        True,
        help=gettext_lazy("The newspaper, station, website or account, e.g. 陕西日报."),
        width=18,
    ),
    Column(
        "媒体级别",
        "media_level",
        "choice",
        True,
        MediaLevel,
        gettext_lazy("Choose from the list."),
    ),
    Column(
        "媒体类型",
        "media_type",
        "choice",
        True,
        MediaType,
        gettext_lazy("Choose from the list."),
    ),
    Column(
        "刊发日期",
        "published_on",
        "date",
        True,
        help=gettext_lazy(
            "A date in the report's quarter: an Excel date, or text such as "
            "2026-10-17, 2026/10/17 or 2026年10月17日."
        ),
        width=12,
        former_headers=("发布日期",),
    ),
    Column(
        "链接",
        "link",
        "url",
        help=gettext_lazy("The web address, if the piece is online."),
        width=30,
    ),
    Column(
        "版面或栏目",
        "page",
        "text",
        help=gettext_lazy("The page or programme, e.g. 第2版."),
        former_headers=("版面/栏目",),
    ),
    Column(
        "作者",
        "authors",
        "authors",
        help=gettext_lazy(
            "Names separated by 、 or commas. Names of people of your unit are linked to them "
            "for individual commendation; other names are kept as written."
        ),
    ),
    Column(
        "内容类别",
        "category",
        "choice",
        True,
        Category,
        gettext_lazy("Choose from the list."),
        width=22,
    ),
    Column(
        "宣传活动",
        "campaign_tag",
        "text",
        help=gettext_lazy("Optional: the campaign the piece belongs to, e.g. 扶贫日."),
        former_headers=("活动标签",),
    ),
    Column(
        "头版或头条",
        "is_lead_story",
        "bool",
        help=gettext_lazy("是 if it was a front-page or lead story; empty or 否 otherwise."),
        width=10,
        former_headers=("头版/头条",),
    ),
    Column(
        "获领导批示",
        "leader_endorsed",
        "bool",
        help=gettext_lazy("是 if a leader endorsed it in writing; empty or 否 otherwise."),
        width=10,
        former_headers=("领导批示",),
    ),
    Column(
        "备注", "notes", "text", help=gettext_lazy("Anything the reviewer should know."), width=24
    ),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def zh_labels(choices) -> list[str]:
    """The choices' labels as the Chinese UI shows them: what the template offers."""
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    with translation.override("en"):
        english = [str(label) for label in choices.labels]
    for value, en, zh in zip(choices.values, english, zh_labels(choices), strict=True):
        for name in (value, en, zh):
            lookup.setdefault(normalise(name), value)
        # English labels carry the Chinese term in brackets: "Relocation (易地搬迁)".
        if bracketed := re.search(r"\((.+)\)", en):
            lookup.setdefault(normalise(bracketed.group(1)), value)
    return lookup

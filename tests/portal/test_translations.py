"""The Simplified Chinese catalogue: complete, well-formed, and what users actually see."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.models import RegionLevel, Role, UnitKind

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Terms fixed for the whole portal; a translator must not drift from them.
GLOSSARY = {
    "Poverty Alleviation Publicity Portal": "扶贫宣传工作平台",
    "Publicity Portal": "扶贫宣传平台",
    "Home": "首页",
    "Units": "单位",
    "My unit": "本单位",
    "Administration": "系统管理",
    "Sign in": "登录",
    "Sign out": "退出登录",
    "Change password": "修改密码",
    "Reporter": "填报员",
    "Unit approver": "单位审核人",
    "Reviewer": "审核员",
    "Administrator": "管理员",
    "Region": "地区",
    "Province": "省",
    "City / prefecture": "市（州）",
    "County / district": "县（区）",
    "Township": "乡镇",
    "Village": "村",
    "Poverty-alleviation office": "扶贫办",
    "Propaganda department": "宣传部",
    "Media outlet": "新闻媒体",
    "Designated helping unit": "定点帮扶单位",
    "Enterprise": "企业",
    "Social organisation": "社会组织",
    "Other": "其他",
    "person": "人员",
    "people": "人员",
    "unit": "单位",
    "membership": "人员角色",
    "attachment": "附件",
    "Welcome, %(name)s": "欢迎您，%(name)s",
    "GB/T 2260 code": "行政区划代码",
}

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')
_TAG = re.compile(r"</?[a-z][^>]*>")
_PLACEHOLDER = re.compile(r"%\([a-zA-Z_]\w*\)[sdif]|%[sdif]|\{\{.*?\}\}|\{[a-zA-Z_]\w*\}")


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse_po(path):
    """Entries of a .po file as dicts: 'flags' plus each keyword's joined, unescaped text.
    Obsolete (#~) entries are left out: gettext ignores them too."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                key = match.group(1)
                entry[key] = _unescape(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += _unescape(line[1:-1])
        if "msgid" in entry:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(entries):
    """msgid -> its (first) translation, header left out."""
    return {
        e["msgid"]: e.get("msgstr", e.get("msgstr[0]"))
        for e in entries
        if e["msgid"] and "msgctxt" not in e
    }


def test_catalogue_has_a_chinese_header_with_one_plural_form(entries):
    header = entries[0]
    assert header["msgid"] == ""
    assert "Language: zh_Hans\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    untranslated = [
        e["msgid"] for e in entries[1:] if not e.get("msgstr", e.get("msgstr[0]", "")).strip()
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    assert len(entries) > 100


def test_plural_messages_have_exactly_the_one_chinese_form(entries):
    for entry in entries:
        if "msgid_plural" in entry:
            forms = [k for k in entry if k.startswith("msgstr[")]
            assert forms == ["msgstr[0]"], entry["msgid"]


def test_translations_keep_every_placeholder_and_tag(entries):
    """The one Chinese plural form serves every count, so it follows the English plural
    (which may name the count, "Due in %(days)s days", where the singular says "tomorrow")."""
    for entry in entries[1:]:
        source = entry.get("msgid_plural", entry["msgid"])
        expected = set(_PLACEHOLDER.findall(source))
        tags = sorted(_TAG.findall(source))
        for key in [k for k in entry if k.startswith("msgstr")]:
            assert set(_PLACEHOLDER.findall(entry[key])) == expected, entry["msgid"]
            assert sorted(_TAG.findall(entry[key])) == tags, entry["msgid"]


def test_translations_are_chinese(entries):
    """Each translation of English words carries Chinese characters; a copied English msgid
    would not. (A msgid without words, like "%(holder)s, %(waiting)s", needs none.)"""
    han = re.compile(r"[\u4e00-\u9fff]")
    has_words = [
        e for e in entries[1:] if re.search(r"[A-Za-z]{2}", _PLACEHOLDER.sub("", e["msgid"]))
    ]
    latin_only = [
        e["msgid"] for e in has_words if not han.search(e.get("msgstr", e.get("msgstr[0]", "")))
    ]
    assert latin_only == []


def test_fixed_terms_are_used(messages):
    wrong = {
        msgid: messages[msgid]
        for msgid, term in GLOSSARY.items()
        if msgid in messages and messages[msgid] != term
    }
    assert wrong == {}
    # Every fixed term the code uses is in the catalogue (a few are only msgids of Django's).
    assert len(GLOSSARY.keys() & messages.keys()) >= 30


def test_msgfmt_accepts_the_catalogue(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is part of the setup"
    result = subprocess.run(  # noqa: S603 - our own catalogue, fixed arguments
        [msgfmt, "--check", "--output-file", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_login_page_is_chinese_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-CN">' in page
    assert "<title>登录 · 扶贫宣传工作平台</title>" in page
    assert "忘记密码？" in page
    assert "Sign in" not in page


def test_login_page_is_english_with_the_english_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "Forgotten your password?" in page
    assert "登录" not in page


def test_language_switch_names_each_language_in_itself(client):
    for language in ("zh-hans", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("login")).content.decode()
        assert 'lang="zh-CN">简体中文</button>' in page
        assert 'lang="en">English</button>' in page


def test_home_page_greets_the_reporter_in_chinese(world, client_for):
    page = client_for(world.reporter).get(reverse("home")).content.decode()
    assert "欢迎您，王小燕" in page
    assert "首页" in page
    assert "本单位" in page  # a reporter's menu entry
    assert "填报员" in page  # the role badge
    assert "县（区）" in page  # the unit's region level
    assert "退出登录" in page


def test_unit_page_shows_roles_and_unit_kind_in_chinese(world, client_for):
    url = reverse("unit-detail", args=[world.yanchang_propaganda.pk])
    page = client_for(world.city_reviewer).get(url).content.decode()
    assert "宣传部" in page
    assert "人员及角色" in page


def test_model_choice_labels_translate():
    with translation.override("zh-hans"):
        assert str(Role.REVIEWER.label) == "审核员"
        assert str(Role.APPROVER.label) == "单位审核人"
        assert str(UnitKind.HELPING_UNIT.label) == "定点帮扶单位"
        assert str(RegionLevel.CITY.label) == "市（州）"
    with translation.override("en"):
        assert str(Role.REVIEWER.label) == "Reviewer"


def test_chinese_plural_takes_the_count(world, client_for):
    """The home page's per-region count uses the single Chinese plural form."""
    page = client_for(world.city_reviewer).get(reverse("home")).content.decode()
    assert re.search(r"延安市：\d+个单位", page)

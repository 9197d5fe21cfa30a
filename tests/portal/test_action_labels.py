"""Every action the portal writes to its journal reads as words in both languages: no
"submissions.items.imported" on a history page."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

from portal import journal

APPS = ["portal", "submissions", "campaigns", "awards", "donations", "summaries",
        "notifications", "front", "api"]  # fmt: skip
CODE = re.compile(rf"^({'|'.join(APPS)})\.[a-z_]+(\.[a-z_]+)+$")


def importable(dotted: str) -> bool:
    try:
        import_string(dotted)
    except ImportError:
        return False
    return True


def written_codes() -> set[str]:
    """Every action code in our source: each dotted string that names no module or object
    (those are settings: tasks, middleware, context processors)."""
    codes = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            # The start of an f-string ("submissions.items.bulk_{result}") is no code.
            parts = {
                id(p) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for p in n.values
            }
            for node in ast.walk(tree):
                literal = isinstance(node, ast.Constant) and id(node) not in parts
                if literal and CODE.match(str(node.value)):
                    codes.add(node.value)
    return {code for code in codes if not importable(code)}


CODES = sorted(written_codes())


def test_the_source_is_read():
    assert len(CODES) > 40
    assert "submissions.items.imported" in CODES


@pytest.mark.parametrize("code", CODES)
def test_every_action_has_a_label_in_both_languages(code):
    with translation.override("zh-hans"):
        chinese = str(journal.label(code))
    with translation.override("en"):
        english = str(journal.label(code))
    assert chinese != code and english != code
    assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
    assert "." not in english.rstrip("."), english

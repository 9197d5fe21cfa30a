"""What changed between two submissions: the pure comparison, and on real snapshots."""

from django.utils import translation

from submissions import services
from submissions.models import MediaLevel
from submissions.selectors.queue import submission_diff
from tests.submissions.builders import add_items, item_data, submitted_report


def snap(items: dict, nothing: bool = False) -> dict:
    return {"nothing_to_report": nothing, "items": items}


ONE = {"title": "苹果产业带动脱贫", "outlet": "延安日报", "media_level": "municipal", "authors": []}
TWO = {"title": "技能培训班开班", "outlet": "延长电视台", "media_level": "county", "authors": []}


def test_identical_snapshots_have_no_changes():
    diff = submission_diff(snap({"1": ONE}), snap({"1": dict(ONE)}))
    assert diff == {
        "added": [],
        "removed": [],
        "changed": [],
        "nothing_to_report": None,
        "has_changes": False,
    }


def test_added_and_removed_items():
    diff = submission_diff(snap({"1": ONE}), snap({"2": TWO}))
    assert diff["added"] == [{"id": "2", **TWO}]
    assert diff["removed"] == [{"id": "1", **ONE}]
    assert diff["changed"] == []
    assert diff["has_changes"]


def test_changed_fields_with_old_and_new_values():
    new = ONE | {"outlet": "陕西日报", "media_level": "provincial", "authors": ["王小燕"]}
    diff = submission_diff(snap({"1": ONE}), snap({"1": new}))
    (changed,) = diff["changed"]
    assert changed["id"] == "1" and changed["title"] == ONE["title"]
    assert [(f["field"], f["old"], f["new"]) for f in changed["fields"]] == [
        ("outlet", "延安日报", "陕西日报"),
        ("media_level", "municipal", "provincial"),
        ("authors", [], ["王小燕"]),
    ]
    with translation.override("en"):
        shown = submission_diff(snap({"1": ONE}), snap({"1": new}))["changed"][0]["fields"]
    assert (shown[1]["label"], shown[1]["old_shown"], shown[1]["new_shown"]) == (
        "media level",
        "Municipal media",
        "Provincial media",
    )
    assert shown[2]["new_shown"] == "王小燕"


def test_a_field_only_in_one_snapshot_counts_as_changed():
    diff = submission_diff(snap({"1": ONE}), snap({"1": ONE | {"notes": "补充说明"}}))
    assert [(f["field"], f["old"], f["new"]) for f in diff["changed"][0]["fields"]] == [
        ("notes", None, "补充说明")
    ]


def test_nothing_to_report_switch():
    diff = submission_diff(snap({}, nothing=True), snap({"1": ONE}))
    assert diff["nothing_to_report"] == (True, False)
    assert [a["id"] for a in diff["added"]] == ["1"]


def test_items_are_in_id_order():
    many = {str(n): ONE | {"title": f"稿件{n}"} for n in (10, 2, 33)}
    assert [a["id"] for a in submission_diff(snap({}), snap(many))["added"]] == ["2", "10", "33"]


def test_real_snapshots_after_a_return_and_resubmission(world):
    report = submitted_report(world, n_items=2)
    first, second = report.items.order_by("pk")
    report = services.report_return(
        report=report, user=world.city_reviewer, version=report.version, comment="请核实级别"
    )
    data = item_data(0) | {"media_level": MediaLevel.PROVINCIAL, "is_lead_story": False}
    services.item_update(item=first, user=world.reporter, data=data, version=first.version)
    services.item_delete(item=second, user=world.reporter, version=second.version)
    (new,) = add_items(report, 1, user=world.reporter, start=4)
    report.refresh_from_db()
    report = services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    report = services.report_sign_off(report=report, user=world.approver, version=report.version)

    older, newer = report.submissions.order_by("number")
    diff = submission_diff(older.snapshot, newer.snapshot)
    assert [a["title"] for a in diff["added"]] == [new.title]
    assert [r["title"] for r in diff["removed"]] == [second.title]
    (changed,) = diff["changed"]
    assert changed["id"] == str(first.pk)
    assert [(f["field"], f["old"], f["new"]) for f in changed["fields"]] == [
        ("media_level", item_data(0)["media_level"], "provincial"),
        ("is_lead_story", "True", "False"),
    ]

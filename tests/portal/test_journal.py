"""The one journal: every app writes it through portal.journal.record, each code has a
label, a history page reads one object's entries, and no entry is changed or deleted."""

from datetime import datetime

import pytest
import time_machine
from django.utils import translation

from portal import journal, versions
from portal.clock import CHINA
from portal.models import JournalEntry, JournalIsAppendOnly
from tests.conftest import LATE_2026

pytestmark = pytest.mark.django_db


def test_an_entry_says_who_when_what_and_about_which_object(world):
    unit = world.yanchang_bureau
    with time_machine.travel(LATE_2026, tick=False):
        entry = journal.record(
            "submissions.report.returned",
            actor=world.city_reviewer,
            target=unit,
            data={"items": [1, 2]},
            comment="请补充",
        )
    entry.refresh_from_db()
    assert (entry.actor, entry.target, entry.data, entry.comment) == (
        world.city_reviewer,
        unit,
        {"items": [1, 2]},
        "请补充",
    )
    assert entry.at == LATE_2026
    assert list(journal.entries_for(unit)) == [entry]
    assert not journal.entries_for(world.yanan_office).exists()


def test_entries_of_an_object_oldest_first_with_times_kept(world):
    unit = world.yanchang_bureau
    later = journal.record(
        "campaigns.campaign.changed",
        actor=None,
        target=unit,
        at=datetime(2026, 10, 2, 9, 0, tzinfo=CHINA),
    )
    earlier = journal.record(
        "campaigns.campaign.created",
        actor=world.province_admin,
        target=unit,
        at=datetime(2026, 10, 1, 9, 0, tzinfo=CHINA),
    )
    assert list(journal.entries_for(unit)) == [earlier, later]


def test_every_code_has_a_translated_label():
    with translation.override("zh-hans"):
        assert journal.label("submissions.report.returned") == "审核员退回"
        assert journal.label("awards.nomination.rejected") == "资格审查不合格"
        assert journal.label("donations.wish.claim_expired") == "认领已过期"
    assert journal.label("nobody.registered.this") == "nobody.registered.this"


def test_entries_are_never_changed_or_deleted(world):
    entry = journal.record("awards.programme.created", actor=None, target=world.yanchang_bureau)
    entry.comment = "rewritten"
    with pytest.raises(JournalIsAppendOnly):
        entry.save()
    with pytest.raises(JournalIsAppendOnly):
        entry.delete()
    with pytest.raises(JournalIsAppendOnly):
        JournalEntry.objects.filter(pk=entry.pk).update(comment="rewritten")
    with pytest.raises(JournalIsAppendOnly):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get(pk=entry.pk).comment == ""


def test_a_claim_against_an_older_version_writes_nothing(world):
    from submissions.models import Report

    report = Report.objects.create(
        unit=world.yanchang_bureau,
        year=2026,
        quarter=3,
        created_by=world.reporter,
        due_date=datetime(2026, 10, 10).date(),
    )
    versions.claim(Report, report, report.version, user=world.reporter, last_comment="一")
    assert (report.version, report.last_comment) == (2, "一")
    assert report.history.first().history_user == world.reporter
    with pytest.raises(versions.StaleVersion):
        versions.claim(Report, report, 1, user=world.approver, last_comment="二")
    report.refresh_from_db()
    assert (report.version, report.last_comment) == (2, "一")


def test_the_apps_stale_version_errors_are_the_one_portal_error():
    from awards.services import ConcurrentEdit as AwardConflict
    from campaigns.services import ConcurrentEdit as CampaignConflict
    from submissions.services import ConcurrentEdit as ReportConflict

    for error in (AwardConflict, CampaignConflict, ReportConflict):
        assert issubclass(error, versions.StaleVersion)
        assert str(error()) == str(versions.StaleVersion())

"""The services' rules: window, limit, eligibility, sign-off, qualification, recusal,
quotas, the notice and objections, the final step."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards import services
from awards.models import Certificate, NominationStatus, ProgrammeStatus
from awards.selectors import ranking
from awards.services import AwardError
from portal import workdays
from portal.models import Role
from tests.awards.conftest import file_work, qualified_work, score_all
from tests.factories import UnitFactory, person
from tests.portal.test_working_calendar import enter_2027


def test_filing_waits_for_sign_off(world, aw):
    nomination = file_work(world, aw)
    assert nomination.status == NominationStatus.AWAITING_SIGNOFF
    signed = services.nomination_sign_off(nomination=nomination, user=world.approver)
    assert signed.status == NominationStatus.SUBMITTED
    assert signed.signed_off_by == world.approver


def test_a_reporter_cannot_sign_off(world, aw):
    nomination = file_work(world, aw)
    with pytest.raises(PermissionDenied):
        services.nomination_sign_off(nomination=nomination, user=world.reporter)


def test_nominating_after_the_window_is_refused(world, aw):
    aw.programme.nomination_closes = timezone.localdate() - timedelta(days=1)
    aw.programme.save()
    with pytest.raises(AwardError, match=aw.programme.nomination_closes.isoformat()):
        file_work(world, aw)


def test_nominating_before_the_window_is_refused(world, aw):
    aw.programme.nomination_opens = timezone.localdate() + timedelta(days=1)
    aw.programme.save()
    with pytest.raises(AwardError):
        file_work(world, aw)


def test_nominating_over_the_limit_is_refused(world, aw):
    for n in range(3):
        file_work(world, aw, title=f"作品{n}")
    with pytest.raises(AwardError, match="3"):
        file_work(world, aw, title="第四篇")


def _reject(world, nomination, reason="非本地区作品"):
    services.nomination_sign_off(nomination=nomination, user=world.approver)
    return services.nomination_qualify(
        nomination=nomination, user=world.province_admin, passed=False, reason=reason
    )


def test_a_rejected_nomination_gives_its_place_back(world, aw):
    filed = [file_work(world, aw, title=f"作品{n}") for n in range(3)]
    _reject(world, filed[0])
    replacement = file_work(world, aw, title="第四篇")
    assert replacement.status == NominationStatus.AWAITING_SIGNOFF
    with pytest.raises(AwardError, match="3"):
        file_work(world, aw, title="第五篇")


@pytest.mark.parametrize("stage", ["awaiting_signoff", "submitted", "qualified"])
def test_every_other_state_takes_a_place(world, aw, stage):
    for n in range(3):
        nomination = file_work(world, aw, title=f"作品{n}")
        if stage != "awaiting_signoff":
            services.nomination_sign_off(nomination=nomination, user=world.approver)
        if stage == "qualified":
            services.nomination_qualify(
                nomination=nomination, user=world.province_admin, passed=True
            )
    with pytest.raises(AwardError):
        file_work(world, aw, title="第四篇")


def test_a_rejected_nomination_passes_on_review_only_with_a_place_free(world, aw):
    first, *_ = [file_work(world, aw, title=f"作品{n}") for n in range(3)]
    _reject(world, first)
    file_work(world, aw, title="第四篇")
    with pytest.raises(AwardError, match="3"):
        services.nomination_qualify(nomination=first, user=world.province_admin, passed=True)
    first.refresh_from_db()
    assert first.status == NominationStatus.REJECTED


def test_a_rejected_nomination_passes_on_review_with_a_place_free(world, aw):
    first = file_work(world, aw)
    _reject(world, first)
    passed = services.nomination_qualify(nomination=first, user=world.province_admin, passed=True)
    assert passed.status == NominationStatus.QUALIFIED


def test_a_unit_not_asked_to_nominate_is_refused(world, aw):
    with pytest.raises(AwardError):
        file_work(world, aw, unit=world.jingbian_bureau, user=world.outsider_reporter)


def test_someone_outside_the_unit_cannot_file_for_it(world, aw):
    with pytest.raises(PermissionDenied):
        file_work(world, aw, user=world.neighbour_reporter)


def test_a_person_must_belong_to_a_unit_in_the_region(world, aw):
    # 靖边县 is in 榆林市, outside the organiser's 延安市.
    with pytest.raises(AwardError, match="靖边县扶贫开发局"):
        services.nomination_file(
            programme=aw.programme,
            unit=world.yanchang_bureau,
            user=world.reporter,
            category=aw.person_cat,
            nominee_name="外地人",
            nominee_unit=world.jingbian_bureau,
        )


def test_a_person_user_must_be_a_member_of_the_unit_named(world, aw):
    with pytest.raises(AwardError):
        services.nomination_file(
            programme=aw.programme,
            unit=world.yanchang_bureau,
            user=world.reporter,
            category=aw.person_cat,
            nominee_name="王",
            nominee_unit=world.yanchang_bureau,
            nominee_user=world.neighbour_reporter,
        )


def test_a_collective_must_be_a_unit(world, aw):
    with pytest.raises(AwardError):
        services.nomination_file(
            programme=aw.programme,
            unit=world.yanchang_bureau,
            user=world.reporter,
            category=aw.unit_cat,
            nominee_name="某单位",
        )


def test_a_work_needs_its_text(world, aw):
    with pytest.raises(AwardError):
        file_work(world, aw, work_text="  ")


def test_qualification_rejection_needs_a_reason(world, aw):
    nomination = file_work(world, aw)
    services.nomination_sign_off(nomination=nomination, user=world.approver)
    with pytest.raises(AwardError):
        services.nomination_qualify(nomination=nomination, user=world.province_admin, passed=False)
    rejected = services.nomination_qualify(
        nomination=nomination, user=world.province_admin, passed=False, reason="超过字数"
    )
    assert rejected.status == NominationStatus.REJECTED
    assert rejected.reject_reason == "超过字数"


def test_only_the_organisers_administrators_qualify(world, aw):
    nomination = file_work(world, aw)
    services.nomination_sign_off(nomination=nomination, user=world.approver)
    with pytest.raises(PermissionDenied):
        services.nomination_qualify(nomination=nomination, user=world.city_reviewer, passed=True)


def test_a_judge_never_scores_their_own_units_nomination(world, aw):
    own = qualified_work(world, aw, unit=world.yanan_office, title="市办作品")
    with pytest.raises(PermissionDenied):
        score_all(aw, own, world.city_reviewer, 90)
    # The other judge, from the province office, scores it.
    score_all(aw, own, world.province_reviewer, 90)


def test_a_judge_only_scores_their_categories(world, aw):
    nomination = qualified_work(world, aw)
    aw.programme.judges.get(user=world.province_reviewer).categories.set([aw.unit_cat])
    with pytest.raises(PermissionDenied):
        score_all(aw, nomination, world.province_reviewer, 80)


def test_scores_combine_as_weighted_mean_dropping_extremes(world, aw):
    nomination = qualified_work(world, aw)
    third = person("third_judge", world.yanchuan_bureau, Role.REVIEWER)
    aw.programme.judges.create(user=third).categories.set([aw.theme])
    services.score_record(
        nomination=nomination,
        user=world.city_reviewer,
        values={aw.criteria[0].pk: Decimal(90), aw.criteria[1].pk: Decimal(80)},
    )  # 86
    score_all(aw, nomination, world.province_reviewer, 70)
    assert ranking(aw.programme)[0].rows[0].score == Decimal("78.00")  # mean of 86, 70
    aw.programme.drop_extremes = True
    aw.programme.save()
    # The third judge sits in 延川县扶贫开发局: its nomination is not theirs to score.
    with pytest.raises(PermissionDenied):
        score_all(aw, qualified_work(world, aw, unit=world.yanchuan_bureau), third, 75)
    score_all(aw, nomination, third, 75)
    assert ranking(aw.programme)[0].rows[0].score == Decimal("75.00")  # 70 < 75 < 86


def test_a_quota_cannot_be_exceeded(world, aw):
    first, second = (qualified_work(world, aw, title=t) for t in ("甲", "乙"))
    services.tier_assign(nomination=first, user=world.province_admin, tier=aw.tiers["theme"][0])
    with pytest.raises(AwardError):
        services.tier_assign(
            nomination=second, user=world.province_admin, tier=aw.tiers["theme"][0]
        )
    # Taking the place back frees it.
    services.tier_assign(nomination=first, user=world.province_admin, tier=None)
    services.tier_assign(nomination=second, user=world.province_admin, tier=aw.tiers["theme"][0])


def test_only_qualified_nominations_win(world, aw):
    nomination = file_work(world, aw)
    with pytest.raises(AwardError):
        services.tier_assign(
            nomination=nomination, user=world.province_admin, tier=aw.tiers["theme"][0]
        )


def _published(world, aw):
    winner = services.tier_assign(
        nomination=qualified_work(world, aw), user=world.province_admin, tier=aw.tiers["theme"][0]
    )
    programme = services.notice_publish(programme=aw.programme, user=world.province_admin)
    return programme, winner


@pytest.fixture
def friday_20_november_2026():
    # Before `aw`, which opens its nomination window around today.
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


def test_publishing_sets_the_notice_period_in_working_days(friday_20_november_2026, world, aw):
    programme, _winner = _published(world, aw)
    assert programme.status == ProgrammeStatus.NOTICE
    assert programme.notice_ends.isoformat() == "2026-11-27"  # five working days later


def test_the_notice_period_skips_national_day_and_counts_make_up_days(world, aw):
    # The State Council's 2026 arrangement (from chinesecalendar): 1–7 October off;
    # Saturday 10 October and Sunday 20 September are working days; Friday 25 September
    # (Mid-Autumn) is off.
    off = [date(2026, 10, d) for d in range(1, 8)] + [date(2026, 9, 25)]
    assert not any(workdays.is_working_day(day) for day in off)
    assert workdays.is_working_day(date(2026, 10, 10))
    assert workdays.is_working_day(date(2026, 9, 20))

    winner = qualified_work(world, aw)
    services.tier_assign(nomination=winner, user=world.province_admin, tier=aw.tiers["theme"][0])
    programme = services.notice_publish(
        programme=aw.programme, user=world.province_admin, today=date(2026, 9, 30)
    )
    # 8, 9, 10 (Saturday, made up), 12, 13 October: Monday to Friday would say 7 October.
    assert (programme.notice_starts, programme.notice_ends) == (
        date(2026, 9, 30),
        date(2026, 10, 13),
    )


def test_the_notice_period_follows_a_year_entered_by_hand(world, aw):
    services.tier_assign(
        nomination=qualified_work(world, aw), user=world.province_admin, tier=aw.tiers["theme"][0]
    )
    enter_2027(world.province_admin)  # 6–14 February off, Saturday 20 February worked
    programme = services.notice_publish(
        programme=aw.programme, user=world.province_admin, today=date(2027, 2, 5)
    )
    # 15 to 19 February: Monday to Friday alone would say 12 February.
    assert programme.notice_ends == date(2027, 2, 19)
    assert workdays.add_working_days(date(2027, 2, 19), 1) == date(2027, 2, 20)


def test_the_notice_period_in_a_year_nobody_entered_counts_monday_to_friday(world, aw):
    services.tier_assign(
        nomination=qualified_work(world, aw), user=world.province_admin, tier=aw.tiers["theme"][0]
    )
    programme = services.notice_publish(
        programme=aw.programme, user=world.province_admin, today=date(2030, 9, 27)
    )
    assert programme.notice_ends == date(2030, 10, 4)


@pytest.mark.django_db
def test_a_weekend_make_up_day_counts_and_a_holiday_does_not():
    assert workdays.add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)  # Sunday
    assert workdays.add_working_days(date(2026, 9, 24), 1) == date(2026, 9, 28)  # not the 25th
    assert workdays.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)  # Saturday


def test_unsettled_objections_block_the_final_step(world, aw):
    programme, winner = _published(world, aw)
    objection = services.objection_lodge(
        programme=programme, nomination=winner, text="作品抄袭", contact="13800000000"
    )
    later = programme.notice_ends + timedelta(days=1)
    with pytest.raises(AwardError, match="1"):
        services.programme_finalise(programme=programme, user=world.province_admin, today=later)
    services.objection_settle(
        objection=objection, user=world.province_admin, settlement="经核查，不属实。"
    )
    final = services.programme_finalise(
        programme=programme,
        user=world.province_admin,
        today=later,
        circular_number="宜扶〔2026〕5号",
    )
    assert final.status == ProgrammeStatus.FINAL
    assert list(Certificate.objects.values_list("serial", flat=True)) == [
        f"{programme.year}-{programme.pk:03d}-0001"
    ]


def test_the_list_cannot_be_final_during_the_notice(world, aw):
    programme, _winner = _published(world, aw)
    with pytest.raises(AwardError):
        services.programme_finalise(programme=programme, user=world.province_admin)


def test_objections_close_with_the_notice(world, aw):
    programme, _winner = _published(world, aw)
    with pytest.raises(AwardError):
        services.objection_lodge(
            programme=programme,
            text="x",
            contact="y",
            today=programme.notice_ends + timedelta(days=1),
        )


def test_tiers_freeze_once_published(world, aw):
    _programme, winner = _published(world, aw)
    with pytest.raises(AwardError):
        services.tier_assign(nomination=winner, user=world.province_admin, tier=None)


def test_copy_last_years_programme(world, aw):
    copy = services.programme_copy(
        programme=aw.programme, user=world.province_admin, year=aw.programme.year + 1
    )
    assert copy.year == aw.programme.year + 1
    assert copy.nomination_opens.year == aw.programme.nomination_opens.year + 1
    assert [c.name for c in copy.categories.all()] == ["我的帮扶故事", "扶贫奋进奖", "优秀组织奖"]
    assert sorted(copy.categories.get(name="我的帮扶故事").tiers.values_list("name", "quota")) == [
        ("一等奖", 1),
        ("二等奖", 2),
    ]
    assert copy.nominators.count() == 3
    assert copy.judges.get(user=world.city_reviewer).categories.count() == 3
    assert copy.nominations.count() == 0


def test_inactive_unit_is_not_eligible(world, aw):
    gone = UnitFactory(name="撤销的单位", region=world.yanchang, is_active=False)
    with pytest.raises(AwardError):
        services.nomination_file(
            programme=aw.programme,
            unit=world.yanchang_bureau,
            user=world.reporter,
            category=aw.unit_cat,
            nominee_name=gone.name,
            nominee_unit=gone,
        )

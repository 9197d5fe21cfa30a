"""The portal's one working-day calendar: filled from chinesecalendar for the years it
knows, entered by the province's administrators for the next year, Monday to Friday for a
year nobody entered (never an error), and the page where they enter it."""

from datetime import date

import chinese_calendar  # only to check the filling against the package itself
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal import services, workdays
from portal.calendar_forms import parse_days
from portal.models import CalendarDay, CalendarSource, Role, WorkCalendarYear
from tests.factories import person

CALENDAR = reverse("work-calendar")
HOME = reverse("home")

# An arrangement for 2027 as an administrator would type it from the notice (test data).
HOLIDAYS_2027 = "2027-01-01 至 2027-01-03 元旦\n2027-02-06 至 2027-02-14 春节"
WORKDAYS_2027 = "2027-02-20 春节"


def year_url(year: int) -> str:
    return reverse("work-calendar-year", args=[year])


def enter_2027(admin) -> WorkCalendarYear:
    """2027 entered by `admin`: 1–3 January and 6–14 February off, Saturday 20 February
    worked."""
    return services.calendar_year_save(
        user=admin,
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        holidays=parse_days(HOLIDAYS_2027, 2027),
        workdays=parse_days(WORKDAYS_2027, 2027),
    )


# Lookups ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fresh_database_holds_every_year_the_package_knows():
    years = list(WorkCalendarYear.objects.order_by("year").values_list("year", "source"))
    assert years == [(year, CalendarSource.PACKAGE) for year in range(2004, 2027)]
    stored = {
        day.date: (day.is_working_day, day.name)
        for day in CalendarDay.objects.filter(calendar__year=2026)
    }
    assert stored[date(2026, 10, 1)] == (False, "国庆节")
    assert stored[date(2026, 2, 14)] == (True, "春节")  # a make-up Saturday
    # The table says what the package says, day by day.
    for day in (date(2026, 1, 1), date(2026, 6, 19), date(2015, 9, 3), date(2004, 5, 7)):
        assert workdays.is_working_day(day) == chinese_calendar.is_workday(day)
    package_days = {*chinese_calendar.holidays, *chinese_calendar.workdays}
    assert CalendarDay.objects.count() == len(package_days)


@pytest.mark.django_db
def test_make_up_weekend_days_count_and_holidays_do_not():
    assert workdays.is_working_day(date(2026, 2, 14))  # Saturday, made up (Spring Festival)
    assert workdays.is_working_day(date(2026, 9, 20))  # Sunday, made up (National Day)
    assert not workdays.is_working_day(date(2026, 2, 16))  # Monday, Spring Festival
    assert not workdays.is_working_day(date(2026, 2, 15))  # an ordinary Sunday in it
    assert workdays.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert workdays.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert workdays.working_days_after(date(2026, 2, 12), date(2026, 2, 24)) == 3


@pytest.mark.django_db
def test_years_nobody_entered_count_monday_to_friday():
    assert not workdays.arrangement(2027).is_known
    assert workdays.is_working_day(date(2027, 1, 1))  # a Friday
    assert not workdays.is_working_day(date(2027, 1, 2))
    assert workdays.is_working_day(date(2030, 10, 1))  # a Tuesday: no holiday known
    assert not workdays.is_working_day(date(2030, 10, 5))
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert workdays.add_working_days(date(2030, 12, 27), 3) == date(2031, 1, 1)
    # 30 working days after Sunday 20 December 2026: 9 in December, 21 in January.
    assert workdays.add_working_days(date(2026, 12, 20), 30) == date(2027, 1, 29)
    assert workdays.working_days_after(date(2026, 12, 20), date(2027, 1, 29)) == 30
    assert workdays.working_days_after(date(2030, 1, 1), date(2030, 12, 31)) == 260


@pytest.mark.django_db
def test_a_year_the_table_lacks_is_read_from_the_package():
    # A transactional test empties the table; an upgraded package knows a year we lack.
    WorkCalendarYear.objects.filter(year=2026).delete()
    workdays.clear_cache()
    assert workdays.arrangement(2026).source == CalendarSource.PACKAGE
    assert workdays.is_working_day(date(2026, 10, 10))
    assert not workdays.is_working_day(date(2026, 10, 7))


@pytest.mark.django_db
def test_lookups_read_each_year_once(django_assert_num_queries):
    workdays.is_working_day(date(2026, 5, 1))
    with django_assert_num_queries(0):
        for _ in range(1000):
            workdays.working_days_after(date(2026, 1, 1), date(2026, 12, 31))
            workdays.add_working_days(date(2026, 9, 30), 30)


@pytest.mark.django_db
def test_another_process_sees_a_saved_year_after_the_reload_time(monkeypatch):
    assert workdays.is_working_day(date(2027, 1, 4))
    # Entered by another host: this process's memory is not cleared.
    calendar = WorkCalendarYear.objects.create(year=2027, source=CalendarSource.ENTERED)
    CalendarDay.objects.create(calendar=calendar, date=date(2027, 1, 4), is_working_day=False)
    assert workdays.is_working_day(date(2027, 1, 4))
    monkeypatch.setattr(workdays, "RELOAD_SECONDS", 0.0)
    assert not workdays.is_working_day(date(2027, 1, 4))


# Entering a year ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_entered_year_counts_at_once_and_records_who(world):
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    calendar = enter_2027(world.province_admin)
    assert (calendar.source, calendar.entered_by) == (CalendarSource.ENTERED, world.province_admin)
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert workdays.is_working_day(date(2027, 2, 20))  # the make-up Saturday
    assert not workdays.is_working_day(date(2027, 2, 12))  # Friday in the Spring Festival
    assert workdays.arrangement(2027).holidays[date(2027, 2, 6)] == "春节"
    assert workdays.as_periods(workdays.arrangement(2027).holidays) == [
        (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
        (date(2027, 2, 6), date(2027, 2, 14), "春节"),
    ]
    (record,) = calendar.history.all()
    assert record.history_user == world.province_admin
    assert {d.history_user for d in CalendarDay.history.filter(date__year=2027)} == {
        world.province_admin
    }


@pytest.mark.django_db
def test_saving_again_replaces_the_year_and_keeps_the_changes(world):
    calendar = enter_2027(world.province_admin)
    services.calendar_year_save(
        user=world.province_admin,
        year=2027,
        notice=calendar.notice,
        holidays=parse_days("2027-01-01 元旦\n2027-02-06 至 2027-02-13 春节", 2027),
        workdays={},
        version=calendar.version,
    )
    assert not workdays.arrangement(2027).workdays
    assert date(2027, 2, 14) not in workdays.arrangement(2027).holidays
    assert not workdays.is_working_day(date(2027, 2, 20))
    removed = CalendarDay.history.filter(date=date(2027, 2, 20), history_type="-")
    assert removed.get().history_user == world.province_admin
    assert WorkCalendarYear.objects.get(year=2027).version == calendar.version + 1


@pytest.mark.django_db
def test_a_save_from_an_older_page_is_refused(world):
    calendar = enter_2027(world.province_admin)
    with pytest.raises(ValidationError, match="其他人"):
        services.calendar_year_save(
            user=world.province_admin,
            year=2027,
            notice="",
            holidays={date(2027, 1, 1): "元旦"},
            workdays={},
            version=calendar.version - 1,
        )
    with pytest.raises(ValidationError):
        services.calendar_year_save(
            user=world.province_admin,
            year=2027,
            notice="",
            holidays={date(2027, 1, 1): "元旦"},
            workdays={},
            version=0,  # the page showed the year before anyone entered it
        )
    assert len(workdays.arrangement(2027).holidays) == 12


@pytest.mark.django_db
def test_only_the_provinces_administrators_enter_a_year(world):
    city_admin = person("city_admin", world.yanan_office, Role.ADMIN)
    for user in (world.province_reviewer, world.reporter, city_admin):
        with pytest.raises(PermissionDenied):
            enter_2027(user)
    assert not WorkCalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_the_service_refuses_impossible_arrangements(world):
    with pytest.raises(ValidationError) as refused:
        services.calendar_year_save(
            user=world.province_admin,
            year=2027,
            notice="",
            holidays={date(2026, 12, 31): "元旦", date(2027, 2, 20): "春节"},
            workdays={date(2027, 2, 20): "春节", date(2027, 2, 17): ""},
        )
    errors = refused.value.message_dict
    assert "2026-12-31" in errors["holidays"][0]
    assert ["2027-02-17" in e for e in errors["workdays"]] == [True, False]
    assert not WorkCalendarYear.objects.filter(year=2027).exists()


# Reading what a clerk types -------------------------------------------------------------


def test_dates_ranges_and_names_as_typed_or_pasted():
    typed = (
        "2027-01-01, 2027-02-06 至 2027-02-08 春节\n"
        "2027/4/5 清明节；2027年5月1日-5月3日 劳动节\n"
        "端午：6月9日（星期三）~ 11日放假调休，共3天。\n"
        "二、国庆节：10月1日至3日\n"
    )
    days = parse_days(typed, 2027)
    assert days == {
        date(2027, 1, 1): "",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 5, 3): "劳动节",
        date(2027, 6, 9): "端午",
        date(2027, 6, 10): "端午",
        date(2027, 6, 11): "端午",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }
    assert parse_days("2月20日（星期六）、3月6日（星期六）上班。", 2027) == {
        date(2027, 2, 20): "",
        date(2027, 3, 6): "",
    }
    assert parse_days("", 2027) == {}


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("春节", "no date found"),
        ("2027-02-30", "there is no such date"),
        ("2027-02-21 至 2027-02-15", "ends before it begins"),
        ("2027-01-01 2027-01-02", "one date or one range per line"),
        ("2027-01-01 至 2027-03-01", "more than 15 days"),
    ],
)
def test_what_cannot_be_read_is_named(typed, says):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        parse_days(f"2027-05-01 劳动节\n{typed}", 2027)
    (message,) = refused.value.messages
    assert typed in message and says in message


# The page -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, db):
    for url in (CALENDAR, year_url(2027)):
        response = client.get(url)
        assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize("who", ["province_reviewer", "city_reviewer", "reporter", "approver"])
def test_other_roles_are_refused(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(CALENDAR).status_code == 403
    assert client.get(year_url(2027)).status_code == 403
    assert client.post(year_url(2027), {"holidays": "2027-01-01"}).status_code == 403
    assert not WorkCalendarYear.objects.filter(year=2027).exists()


def test_a_city_administrator_is_refused(world, client_for):
    city_admin = person("city_admin", world.yanan_office, Role.ADMIN)
    assert client_for(city_admin).get(year_url(2027)).status_code == 403


def test_wrong_methods(world, client_for):
    client = client_for(world.province_admin)
    assert client.post(CALENDAR).status_code == 405
    assert client.put(year_url(2027)).status_code == 405
    assert client.delete(year_url(2027)).status_code == 405


def test_a_year_out_of_range_is_not_found(world, client_for):
    assert client_for(world.province_admin).get(year_url(1999)).status_code == 404
    assert client_for(world.province_admin).get(year_url(2101)).status_code == 404


def test_the_list_shows_the_years_and_opens_one(world, client_for):
    client = client_for(world.province_admin)
    enter_2027(world.province_admin)
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assertContains(response, f'href="{year_url(2027)}"')
    assertContains(response, f'href="{year_url(2004)}"')
    assertContains(response, "国务院办公厅关于2027年部分节假日安排的通知")
    assertRedirects(
        client.get(CALENDAR, {"year": "2028"}), year_url(2028), fetch_redirect_response=False
    )
    refused = client.get(CALENDAR, {"year": "1900"})
    assert refused.status_code == 200
    assertContains(refused, 'value="1900"')
    assert refused.context["year_form"].errors["year"]


def test_a_known_year_is_shown_back(world, client_for):
    response = client_for(world.province_admin).get(year_url(2026))
    assert response.status_code == 200
    assert response.context["arrangement"].source == CalendarSource.PACKAGE
    assert (date(2026, 10, 1), date(2026, 10, 7), "国庆节") in response.context["holiday_periods"]
    assert (date(2026, 9, 20), "国庆节") in response.context["workdays"]
    assertContains(response, 'data-testid="holidays"')
    assertContains(response, "星期日")  # 20 September, a make-up Sunday
    # The form holds the year as it would be typed, to correct it.
    assertContains(response, "2026-10-01 至 2026-10-07 国庆节")


def test_entering_a_year_through_the_page(world, client_for):
    client = client_for(world.province_admin)
    page = client.get(year_url(2027))
    assertContains(page, "国务院办公厅关于2027年部分节假日安排的通知")
    assert page.context["form"].initial["version"] == 0
    response = client.post(
        year_url(2027),
        {
            "notice": "国务院办公厅关于2027年部分节假日安排的通知",
            "holidays": HOLIDAYS_2027,
            "workdays": WORKDAYS_2027,
            "version": "0",
        },
        follow=True,
    )
    assertRedirects(response, year_url(2027))
    assertContains(response, "2027年日历已保存")
    calendar = WorkCalendarYear.objects.get(year=2027)
    assert (calendar.source, calendar.entered_by) == (CalendarSource.ENTERED, world.province_admin)
    assert calendar.history.get().history_user == world.province_admin
    assert not workdays.is_working_day(date(2027, 2, 8))
    assert workdays.is_working_day(date(2027, 2, 20))


def test_refused_input_is_kept_with_the_reason_beside_the_field(world, client_for):
    typed_holidays = "2027-01-01 元旦\n2027-02-30 春节"
    typed_workdays = "2027-02-17 春节"
    response = client_for(world.province_admin).post(
        year_url(2027),
        {"notice": "通知", "holidays": typed_holidays, "workdays": typed_workdays, "version": "0"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "“2027-02-30 春节”：没有这一天。" in form.errors["holidays"][0]
    assert "2027-02-17是星期三" in form.errors["workdays"][0]
    assertContains(response, "2027-02-30 春节")
    assertContains(response, "2027-02-17 春节")
    assert not WorkCalendarYear.objects.filter(year=2027).exists()

    response = client_for(world.province_admin).post(
        year_url(2027),
        {"notice": "通知", "holidays": "2027-01-01", "workdays": typed_workdays, "version": "0"},
    )
    assert "2027-02-17是星期三" in response.context["form"].errors["workdays"][0]
    response = client_for(world.province_admin).post(
        year_url(2027), {"notice": "通知", "holidays": "", "version": "0"}
    )
    assert response.context["form"].errors["holidays"] == ["请填写通知中的放假日期。"]


def test_a_save_from_an_older_page_keeps_what_was_typed(world, client_for):
    enter_2027(world.province_admin)
    response = client_for(world.province_admin).post(
        year_url(2027),
        {"notice": "通知", "holidays": "2027-01-01 元旦", "workdays": "", "version": "0"},
    )
    assert response.status_code == 200
    assert "其他人" in response.context["form"].non_field_errors()[0]
    assertContains(response, "2027-01-01 元旦")
    assert len(workdays.arrangement(2027).holidays) == 12


def test_the_menu_leads_administrators_to_the_calendar(world, client_for):
    assertContains(client_for(world.province_admin).get(HOME), f'href="{CALENDAR}"')
    for who in ("province_reviewer", "city_reviewer", "reporter"):
        assertNotContains(client_for(getattr(world, who)).get(HOME), f'href="{CALENDAR}"')


# The notice that next year is missing ---------------------------------------------------


def test_from_1_november_administrators_are_told_next_year_is_missing(world, client_for):
    client = client_for(world.province_admin)
    with time_machine.travel("2026-10-31 10:00 +0800", tick=False):
        assertNotContains(client.get(HOME), 'data-testid="calendar-missing"')
        assertNotContains(client.get(CALENDAR), 'data-testid="calendar-missing"')
    with time_machine.travel("2026-11-01 10:00 +0800", tick=False):
        response = client.get(HOME)
        assertContains(response, 'data-testid="calendar-missing"', count=1)
        assertContains(response, "2027年的节假日安排尚未录入")
        assertContains(response, f'href="{year_url(2027)}"')
        assertContains(client.get(CALENDAR), 'data-testid="calendar-missing"', count=1)
        # Others cannot act on it: no notice for them.
        assertNotContains(client_for(world.province_reviewer).get(HOME), "calendar-missing")
        enter_2027(world.province_admin)
        assertNotContains(client_for(world.province_admin).get(HOME), "calendar-missing")


def test_a_current_year_nobody_entered_is_missing_all_year(db):
    assert workdays.missing_years(date(2027, 3, 1)) == [2027]
    assert workdays.missing_years(date(2026, 3, 1)) == []
    assert workdays.missing_years(date(2026, 11, 1)) == [2027]

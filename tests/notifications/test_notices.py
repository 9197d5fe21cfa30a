"""Notices: what comes back to a person to act on (a report returned or sent back, an
assignment sent back) reaches them at once, in the bell and by mail, exactly once."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from campaigns import services as campaign_services
from notifications.models import EmailStatus, Notification, NotificationKind, Reminder
from notifications.notices import notify_now, unit_people
from notifications.tasks import send_reminder_emails
from portal.journal import entries_for
from portal.models import Job, Role, User
from submissions import services as report_services
from tests.campaigns.builders import assignment_of, mark_done, published_campaign
from tests.factories import MembershipFactory, UserFactory
from tests.notifications.helpers import mails_to, run_through_worker
from tests.submissions.builders import awaiting_report, submitted_report

COMMENT = "请补充第2条的刊发截图"


def _return_through_the_page(client_for, reviewer, report):
    """The reviewer returns the report on its review page, as in the browser; the worker
    mails what that queued."""

    def post():
        response = client_for(reviewer).post(
            reverse("submissions:report-return", args=[report.pk]),
            {"version": report.version, "comment": COMMENT},
        )
        assert response.status_code == 302

    run_through_worker(post, what="the notice mail")


@pytest.mark.worker
def test_a_returned_report_reaches_the_reporter_in_the_bell_and_by_mail(
    world, celery_worker, client_for
):
    report = submitted_report(world, n_items=2)
    _return_through_the_page(client_for, world.city_reviewer, report)

    (notice,) = Notification.objects.filter(recipient=world.reporter)
    detail = reverse("submissions:report-detail", args=[report.pk])
    assert notice.kind == NotificationKind.RETURNED
    assert notice.url == detail
    assert notice.title == "审核员退回：延长县扶贫开发局2026年第3季度宣传报告"
    assert COMMENT in notice.body
    assert world.city_reviewer.get_full_name() in notice.body
    # The bell on the reporter's next page counts it; opening it leads to the report.
    reporter = client_for(world.reporter)
    page = reporter.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    inbox = reporter.get(reverse("notifications:list")).content.decode()
    assert COMMENT in inbox
    opened = reporter.post(reverse("notifications:read", args=[notice.pk]), {"open": "1"})
    assert opened["Location"] == detail

    (message,) = mails_to(world.reporter.email)
    assert message.subject == notice.title
    assert COMMENT in message.body
    assert "http" in message.body and detail in message.body
    assert "您收到此邮件" in message.body
    # The approver does not edit the report, the reviewer acted: neither is told.
    assert not Notification.objects.exclude(recipient=world.reporter).exists()
    assert mails_to(world.approver.email) == []
    assert mails_to(world.city_reviewer.email) == []


@pytest.mark.worker
def test_each_reporter_reads_it_in_their_language(world, celery_worker, client_for):
    english = UserFactory(username="li_en", full_name="Li Ming", language="en")
    MembershipFactory(user=english, unit=world.yanchang_bureau, role=Role.REPORTER)
    report = submitted_report(world, n_items=1)
    _return_through_the_page(client_for, world.city_reviewer, report)

    (chinese_mail,) = mails_to(world.reporter.email)
    (english_mail,) = mails_to(english.email)
    assert chinese_mail.subject.startswith("审核员退回：")
    assert english_mail.subject.startswith("Returned by the reviewer: Quarterly publicity report")
    assert "sent" in english_mail.body and "back to you" in english_mail.body
    assert COMMENT in english_mail.body


@pytest.mark.worker
def test_no_mail_when_the_switch_is_off_but_the_bell_rings(world, celery_worker, client_for):
    User.objects.filter(pk=world.reporter.pk).update(email_reminders=False)
    report = submitted_report(world, n_items=1)
    _return_through_the_page(client_for, world.city_reviewer, report)

    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    assert Reminder.objects.get(person=world.reporter).email_status == EmailStatus.NONE
    assert mail.outbox == []


@pytest.mark.worker
def test_the_approver_sending_back_tells_the_reporter(world, celery_worker, client_for):
    report = awaiting_report(world, n_items=1)

    def post():
        client_for(world.approver).post(
            reverse("submissions:report-send-back", args=[report.pk]),
            {"version": report.version, "comment": "第1条剪报不清晰"},
        )

    run_through_worker(post)
    (notice,) = Notification.objects.filter(recipient=world.reporter)
    assert "单位审核人退回" in notice.title
    assert "第1条剪报不清晰" in notice.body
    (message,) = mails_to(world.reporter.email)
    assert "第1条剪报不清晰" in message.body
    assert mails_to(world.approver.email) == []


@pytest.mark.worker
def test_an_assignment_sent_back_tells_the_unit(world, celery_worker, client_for):
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()

    def post():
        client_for(world.city_reviewer).post(
            reverse("campaigns:assignment-return", args=[assignment.pk]),
            {"version": assignment.version, "comment": "请补充现场照片"},
        )

    run_through_worker(post)
    url = reverse("campaigns:assignment-detail", args=[assignment.pk])
    for person in (world.reporter, world.approver):
        (notice,) = Notification.objects.filter(recipient=person)
        assert (notice.kind, notice.url) == (NotificationKind.RETURNED, url)
        assert notice.title == (
            f"已退回：{assignment.activity.campaign.title}分工任务“{assignment.activity.title}”"
        )
        assert len(mails_to(person.email)) == 1
    assert not Notification.objects.filter(recipient=world.neighbour_reporter).exists()


@pytest.mark.worker
def test_a_retried_claim_and_a_retried_mail_send_once(world, celery_worker, client_for):
    report = submitted_report(world, n_items=1)
    _return_through_the_page(client_for, world.city_reviewer, report)
    entry = entries_for(report).get(action="submissions.report.returned")

    # The service run again for the same event (a retried task) claims nothing.
    again = notify_now(
        entry=entry,
        recipients=unit_people(world.yanchang_bureau, [Role.REPORTER]),
        unit=world.yanchang_bureau,
        what="x",
        url="/",
    )
    assert again == []
    reminder = Reminder.objects.get(person=world.reporter)

    def send_twice():
        send_reminder_emails.delay([reminder.pk])
        send_reminder_emails.delay([reminder.pk])

    run_through_worker(send_twice)
    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    assert len(mails_to(world.reporter.email)) == 1


@pytest.mark.worker
def test_a_rolled_back_return_tells_nobody(world, celery_worker):
    report = submitted_report(world, n_items=1)
    jobs_before = Job.objects.count()

    def return_and_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            report_services.report_return(
                report=report, user=world.city_reviewer, version=report.version, comment="x"
            )
            assert Notification.objects.filter(recipient=world.reporter).exists()
            raise RuntimeError("a later step failed")

    run_through_worker(return_and_fail)
    assert not Notification.objects.exists()
    assert not Reminder.objects.exists()
    assert Job.objects.count() == jobs_before
    assert mail.outbox == []


def test_the_one_who_acted_is_not_told(world):
    # An approver who also reports for the unit sends back: the other reporters are told.
    MembershipFactory(user=world.approver, unit=world.yanchang_bureau, role=Role.REPORTER)
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    mark_done(world, assignment)
    assignment.refresh_from_db()
    campaign_services.assignment_return(
        assignment=assignment, user=world.province_admin, version=assignment.version, comment="补"
    )
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"reporter", "approver"}
    report = awaiting_report(world, n_items=1)
    Notification.objects.all().delete()
    report_services.report_send_back(
        report=report, user=world.approver, version=report.version, comment="补充"
    )
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"reporter"}

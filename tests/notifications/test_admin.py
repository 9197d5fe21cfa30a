"""Administrators' list of reminders: failed mail and mailing it again."""

from datetime import date

from django.urls import reverse

from notifications.models import EmailStatus, Reminder
from tests.factories import UserFactory

CHANGELIST = reverse("admin:notifications_reminder_changelist")


def failed(person, step="before-7"):
    return Reminder.objects.create(
        person=person,
        subject_type="submissions.quarter",
        subject_id="1/2026Q2",
        deadline=date(2026, 7, 10),
        step=step,
        email_status=EmailStatus.FAILED,
        email_error="ConnectionRefusedError: mail server down",
    )


def test_failed_mail_is_listed_and_can_be_mailed_again(world, client_for):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    reminder = failed(world.reporter)
    ok = Reminder.objects.create(
        person=world.approver,
        subject_type="submissions.quarter",
        subject_id="1/2026Q2",
        deadline=date(2026, 7, 10),
        step="before-7",
        email_status=EmailStatus.SENT,
    )
    client = client_for(root)
    listed = client.get(CHANGELIST + "?mail=failed").context["cl"].result_list
    assert [r.pk for r in listed] == [reminder.pk]
    response = client.post(
        CHANGELIST,
        {"action": "retry_mail", "_selected_action": [reminder.pk, ok.pk]},
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    ok.refresh_from_db()
    assert reminder.email_status == EmailStatus.PENDING
    assert ok.email_status == EmailStatus.SENT


def test_people_without_admin_access_are_sent_to_the_admin_login(world, client_for):
    response = client_for(world.reporter).get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

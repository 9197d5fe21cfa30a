"""Turning one's email reminders off and on: POST /notifications/email/."""

from django.urls import reverse

from portal.models import User

URL = reverse("notifications:email-reminders")


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, {"enabled": "0"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.reporter).get(URL).status_code == 405


def test_off_and_on_again_for_oneself_only(world, client_for):
    client = client_for(world.reporter)
    response = client.post(URL, {"enabled": "0"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert User.objects.get(pk=world.reporter.pk).email_reminders is False
    assert User.objects.get(pk=world.approver.pk).email_reminders is True
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="email-reminders" data-enabled="no"' in page
    client.post(URL, {"enabled": "1"})
    assert User.objects.get(pk=world.reporter.pk).email_reminders is True

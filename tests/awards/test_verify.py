"""The public page a certificate's QR code opens."""

import uuid

from django.urls import reverse


def test_anyone_can_check_a_certificate(client, final):
    final.work.refresh_from_db()
    cert = final.work.certificate
    response = client.get(reverse("awards:verify", args=[cert.token]))
    assert response.status_code == 200
    assert b'data-testid="certificate-genuine"' in response.content
    content = response.content.decode()
    assert cert.serial in content and "刘志刚" in content and "一等奖" in content


def test_an_unknown_token_is_404(client, final):
    assert client.get(reverse("awards:verify", args=[uuid.uuid4()])).status_code == 404


def test_post_is_not_allowed(client, final):
    cert = final.unit.__class__.objects.get(pk=final.unit.pk).certificate
    assert client.post(reverse("awards:verify", args=[cert.token])).status_code == 405

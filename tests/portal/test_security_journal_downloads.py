"""Downloads of stored files and changes to an account's standing in the security journal,
through the real pages: who, when, from which address, which file or account, the result.

Each page that serves a stored file (an attachment, a made document) adds one entry for a
download; a 404 or a HEAD adds none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from awards.models import AwardDocument
from donations.models import CertificateDocument
from portal import documents, journal, security_events
from portal.models import JournalEntry, User
from portal.services import attachment_create
from tests.awards.conftest import aw, final, published  # noqa: F401 - the award fixtures
from tests.campaigns.test_evidence_download import evidence  # noqa: F401 - the fixture
from tests.conftest import PASSWORD
from tests.documents import download_made, waiting_document
from tests.donations.conftest import (
    dw,  # noqa: F401 - the donations world fixture
    make_pledge,
    make_project,
    pay,
    png,
)
from tests.portal.test_admin_scoping import _post_data
from tests.summaries.documents import province_summary

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _downloads():
    return list(JournalEntry.objects.filter(action=security_events.FILE_DOWNLOADED))


def _account_changes():
    return list(JournalEntry.objects.filter(action=security_events.ACCOUNT_CHANGED).order_by("pk"))


def _assert_one_download(actor, stored, name, *, target=True):
    [entry] = _downloads()
    assert (entry.actor, entry.address) == (actor, ADDRESS)
    assert entry.target == (stored if target else None)
    assert entry.data == {
        "result": "success",
        "model": stored._meta.label_lower,
        "id": str(stored.pk),
        "name": name,
    }


# --- Attachments -----------------------------------------------------------------------------


@pytest.fixture
def clipping(world):
    return attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile("剪报-2026.pdf", PDF_BYTES),
        uploaded_by=world.reporter,
    )


def test_an_attachment_download_is_journaled(world, client_for, clipping):
    url = reverse("attachment-download", args=[clipping.pk])
    response = client_for(world.approver).get(url, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    # An attachment's key is a UUID: the journal names it in the entry's data.
    _assert_one_download(world.approver, clipping, "剪报-2026.pdf", target=False)


def test_an_attachment_out_of_scope_or_gone_is_not_a_download(world, client_for, clipping):
    url = reverse("attachment-download", args=[clipping.pk])
    assert client_for(world.neighbour_reporter).get(url).status_code == 404
    client = client_for(world.reporter)
    assert client.head(url).status_code == 405  # GET only
    clipping.file.storage.delete(clipping.file.name)
    assert client.get(url).status_code == 404
    assert _downloads() == []


# --- Campaign evidence ------------------------------------------------------------------------


def test_a_campaign_evidence_download_is_journaled(world, client_for, evidence):  # noqa: F811
    assignment, photo = evidence
    url = reverse("campaigns:evidence-download", args=[assignment.pk, photo.pk])
    client = client_for(world.city_reviewer)
    assert client.head(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert _downloads() == []

    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    _assert_one_download(world.city_reviewer, photo, "展板.png", target=False)


def test_campaign_evidence_out_of_scope_is_not_a_download(world, client_for, evidence):  # noqa: F811
    assignment, photo = evidence
    url = reverse("campaigns:evidence-download", args=[assignment.pk, photo.pk])
    assert client_for(world.reporter).get(url).status_code == 404
    assert _downloads() == []


# --- Issued summaries -------------------------------------------------------------------------


def test_a_summary_download_is_journaled(world, client_for):
    document = province_summary(world)
    url = reverse("summaries:document-download", args=[document.pk])
    client = client_for(world.province_reviewer)
    assert client.head(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert _downloads() == []

    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    _assert_one_download(world.province_reviewer, document, f"{document.title}.pdf")


def test_a_summary_out_of_scope_is_not_a_download(world, client_for):
    document = province_summary(world)
    url = reverse("summaries:document-download", args=[document.pk])
    assert client_for(world.city_reviewer).get(url).status_code == 404
    assert _downloads() == []


def test_a_summary_not_yet_made_is_not_a_download(world, client_for):
    document = province_summary(world, make=False)
    url = reverse("summaries:document-download", args=[document.pk])
    assert client_for(world.province_admin).get(url).status_code == 302
    assert _downloads() == []


# --- Award certificates and circulars ---------------------------------------------------------


def test_an_award_certificate_download_is_journaled_once_made(world, client_for, final):  # noqa: F811
    final.work.refresh_from_db()
    cert = final.work.certificate
    url = reverse("awards:certificate", args=[cert.serial])
    client = client_for(world.reporter)

    # The first request leads to the waiting page: nothing is downloaded yet.
    response = download_made(client, url)
    assert response.status_code == 200
    [entry] = _downloads()
    document = AwardDocument.objects.get(certificate=cert)
    assert (entry.actor, entry.target, entry.address) == (world.reporter, document, "127.0.0.1")
    assert entry.data["name"] == document.download_name()

    assert client.head(url).status_code == 200
    assert len(_downloads()) == 1
    assert client_for(world.neighbour_reporter).get(url).status_code == 404
    assert len(_downloads()) == 1


def test_an_award_circular_from_its_document_page_is_journaled(world, client_for, final):  # noqa: F811
    client = client_for(world.province_admin)
    document = waiting_document(client.get(reverse("awards:circular", args=[final.programme.pk])))
    documents.make(AwardDocument, document.pk)
    document.refresh_from_db()
    url = reverse("awards:document-download", args=[document.pk])

    assert client.head(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert _downloads() == []
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    _assert_one_download(world.province_admin, document, document.download_name())

    assert client_for(world.neighbour_reporter).get(url).status_code == 404
    assert len(_downloads()) == 1


# --- Donation certificates and public project photos ------------------------------------------


def test_a_donation_certificate_download_is_journaled(dw, client_for):  # noqa: F811
    pledge = make_pledge(dw, amount="50000.00")
    pay(dw, pledge, "50000.00")
    url = reverse("donations:certificate-pdf", args=[pledge.pk])
    client = client_for(dw.reporter)
    document = waiting_document(client.get(url, REMOTE_ADDR=ADDRESS))
    assert _downloads() == []
    documents.make(CertificateDocument, document.pk)
    document.refresh_from_db()

    assert client.head(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert _downloads() == []
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    _assert_one_download(dw.reporter, document, document.download_name())

    assert client_for(dw.neighbour_reporter).get(url).status_code == 404
    assert len(_downloads()) == 1


@pytest.fixture
def project_photo(dw):  # noqa: F811
    project = make_project(dw)
    photo = attachment_create(
        unit=dw.township_office, uploaded=png("冷库.png"), uploaded_by=dw.township_reporter
    )
    project.photos.add(photo)
    return project, photo


def test_a_public_project_photo_is_not_journaled(world, client, client_for, project_photo):
    # An image on a public page, fetched by every visitor's browser: a journal entry per view
    # would let anyone fill the journal. Public files are not downloads of anyone's data.
    project, photo = project_photo
    url = reverse("donations:public-project-photo", args=[project.pk, photo.pk])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert client_for(world.reporter).get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert _downloads() == []


def test_a_photo_of_an_unpublished_project_is_not_a_download(dw, client, project_photo):  # noqa: F811
    _project, photo = project_photo
    hidden = make_project(dw, publish=False, title="未发布项目")
    hidden.photos.add(photo)
    url = reverse("donations:public-project-photo", args=[hidden.pk, photo.pk])
    assert client.get(url).status_code == 404
    assert _downloads() == []


# --- An account's standing --------------------------------------------------------------------


@pytest.fixture
def superuser_client(world, client_for):
    # Made superuser without a save: only the change under test is journaled.
    User.objects.filter(pk=world.province_admin.pk).update(is_superuser=True)
    return client_for(world.province_admin)


def _change(client, user, **changes):
    url = reverse("admin:portal_user_change", args=[user.pk])
    data = _post_data(client.get(url))
    data.update(changes)
    return client.post(url, data, REMOTE_ADDR=ADDRESS)


def test_staff_given_in_the_admin_is_journaled_with_before_and_after(world, superuser_client):
    response = _change(superuser_client, world.reporter, is_staff="on")

    assert response.status_code == 302, response.context["adminform"].form.errors
    [entry] = _account_changes()
    assert (entry.actor, entry.target, entry.address) == (
        world.province_admin,
        world.reporter,
        ADDRESS,
    )
    assert entry.data == {
        "result": "success",
        "person": "reporter",
        "created": False,
        "fields": {"is_staff": {"before": False, "after": True}},
    }


def test_deactivation_in_the_admin_is_journaled(world, superuser_client):
    data = _post_data(
        superuser_client.get(reverse("admin:portal_user_change", args=[world.approver.pk]))
    )
    del data["is_active"]
    url = reverse("admin:portal_user_change", args=[world.approver.pk])
    assert superuser_client.post(url, data, REMOTE_ADDR=ADDRESS).status_code == 302

    [entry] = _account_changes()
    assert entry.target == world.approver
    assert entry.data["fields"] == {"is_active": {"before": True, "after": False}}


def test_changing_only_the_name_is_not_a_change_of_standing(world, superuser_client):
    response = _change(superuser_client, world.reporter, full_name="王小燕（新）")

    assert response.status_code == 302
    world.reporter.refresh_from_db()
    assert world.reporter.full_name == "王小燕（新）"
    assert _account_changes() == []


def test_a_sign_in_is_not_a_change_of_standing(world, client):
    response = client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert _account_changes() == []


def test_an_account_created_as_staff_is_journaled_without_an_actor(world):
    User.objects.create_user("plain", password="x-Pass-2026!")
    assert _account_changes() == []

    staff = User.objects.create_user("clerk", password="x-Pass-2026!", is_staff=True)

    [entry] = _account_changes()
    assert (entry.actor, entry.target, entry.address) == (None, staff, None)
    assert entry.data["created"] is True
    assert entry.data["fields"] == {"is_staff": {"before": None, "after": True}}


def test_standing_changed_in_code_is_journaled_without_an_actor(world):
    world.province_admin.is_superuser = True
    world.province_admin.is_staff = False
    world.province_admin.save()

    [entry] = _account_changes()
    assert entry.actor is None
    assert entry.data["fields"] == {
        "is_staff": {"before": True, "after": False},
        "is_superuser": {"before": False, "after": True},
    }


def test_the_new_codes_have_chinese_labels():
    with translation.override("zh-hans"):
        assert str(journal.label(security_events.FILE_DOWNLOADED)) == "下载文件"
        assert str(journal.label(security_events.ACCOUNT_CHANGED)) == "账号状态变更"

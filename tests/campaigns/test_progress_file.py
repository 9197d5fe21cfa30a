"""Filing progress: text, figures, evidence files, links and publicity items; evidence
kept across a refused filing, nothing half-saved."""

import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from campaigns.models import Progress
from campaigns.views import STALE_FILING
from portal.models import Attachment, JournalEntry, Role
from tests.campaigns.builders import (
    assignment_of,
    file_progress,
    mark_done,
    png_bytes,
    published_campaign,
)
from tests.factories import person
from tests.submissions.builders import draft_report


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png(name="现场照片.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def campaign(world):
    return published_campaign(world)


@pytest.fixture
def assignment(campaign, world):
    return assignment_of(campaign, world.yanchang_bureau)


def url(assignment):
    return reverse("campaigns:progress-file", args=[assignment.pk])


def post_data(assignment, **extra):
    data = {
        "version": assignment.version,
        "text": "扶贫日前后在延安日报发表报道两篇。",
        "quantity": "2",
        "links": "https://www.yanan.gov.cn/news/1.html\nhttps://www.yanan.gov.cn/news/2.html",
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(assignment, client):
    assert client.post(url(assignment), post_data(assignment))["Location"].startswith(
        reverse("login")
    )


def test_get_is_not_allowed(world, assignment, client_for):
    assert client_for(world.reporter).get(url(assignment)).status_code == 405


def test_reporter_files_progress_with_evidence_and_items(world, assignment, client_for):
    report = draft_report(world, n_items=2)
    item = report.items.first()
    photo = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
    response = client_for(world.reporter).post(
        url(assignment), post_data(assignment, files=[photo], items=[item.pk])
    )
    assert response.status_code == 302
    progress = Progress.objects.get()
    assert progress.quantity == Decimal(2)
    assert progress.link_list == [
        "https://www.yanan.gov.cn/news/1.html",
        "https://www.yanan.gov.cn/news/2.html",
    ]
    (evidence,) = progress.evidence.all()
    assert (evidence.original_name, evidence.unit) == ("现场照片.png", world.yanchang_bureau)
    assert list(progress.items.all()) == [item]
    assignment.refresh_from_db()
    assert assignment.state == "in_progress"
    event = JournalEntry.objects.get(action="campaigns.progress.filed")
    assert (event.actor, event.target) == (world.reporter, assignment)
    assert assignment.history.first().history_user == world.reporter


def test_the_closing_summary_asks_for_the_campaign_figures(world, campaign, client_for):
    summary = assignment_of(campaign, world.yanchang_bureau, summary=True)
    client = client_for(world.reporter)
    form = client.get(reverse("campaigns:assignment-detail", args=[summary.pk])).context[
        "progress_form"
    ]
    assert {"events_held", "people_reached", "funds_raised", "items_published"} <= set(form.fields)
    assert "quantity" not in form.fields
    client.post(
        url(summary),
        {
            "version": summary.version,
            "text": "扶贫日系列活动总结",
            "events_held": "6",
            "people_reached": "3200",
            "funds_raised": "185000",
            "items_published": "14",
        },
    )
    progress = Progress.objects.get(assignment=summary)
    assert (progress.events_held, progress.people_reached, progress.items_published) == (
        6,
        3200,
        14,
    )


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(world, assignment, client_for):
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 100, content_type="image/png")
    response = client_for(world.reporter).post(url(assignment), post_data(assignment, files=[bad]))
    assert response.status_code == 200
    assert "files" in response.context["progress_form"].errors
    assert not Progress.objects.exists()


def test_another_units_items_cannot_be_linked(world, assignment, client_for):
    from submissions.models import Item

    other = draft_report(world, n_items=1)
    other.unit = world.yanchuan_bureau
    other.save()
    item = Item.objects.get(report=other)
    response = client_for(world.reporter).post(
        url(assignment), post_data(assignment, items=[item.pk])
    )
    assert response.status_code == 200
    assert "items" in response.context["progress_form"].errors
    assert not Progress.objects.exists()


def test_a_stale_version_is_refused(world, assignment, client_for):
    client_for(world.reporter).post(url(assignment), post_data(assignment, version=99))
    assert not Progress.objects.exists()


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_overseers_may_not_file(world, assignment, client_for, who):
    assert (
        client_for(getattr(world, who)).post(url(assignment), post_data(assignment)).status_code
        == 403
    )
    assert not Progress.objects.exists()


@pytest.mark.parametrize("who", ["neighbour_reporter", "outsider_reporter"])
def test_other_units_get_404(world, assignment, client_for, who):
    assert (
        client_for(getattr(world, who)).post(url(assignment), post_data(assignment)).status_code
        == 404
    )


def test_a_refused_filing_keeps_the_evidence_for_the_next_try(
    world, assignment, client_for, media_root
):
    client = client_for(world.reporter)
    response = client.post(url(assignment), post_data(assignment, text="", files=[png()]))
    assert response.status_code == 200
    assert "text" in response.context["progress_form"].errors
    assert not Progress.objects.exists()
    kept = Attachment.objects.get()
    assert (kept.original_name, kept.unit, kept.uploaded_by) == (
        "现场照片.png",
        world.yanchang_bureau,
        world.reporter,
    )
    assert response.context["kept_evidence"] == [kept]
    assertContains(response, f'name="kept_evidence" value="{kept.pk}"')
    assertContains(response, "现场照片.png")
    assert len(stored_files(media_root)) == 1

    # The clerk writes what was done and sends the form again without choosing the photo.
    response = client.post(url(assignment), post_data(assignment, kept_evidence=[str(kept.pk)]))
    assert response.status_code == 302
    assert list(Progress.objects.get().evidence.all()) == [kept]
    assert len(stored_files(media_root)) == 1


def test_a_bad_file_is_refused_and_the_good_one_kept(world, assignment, client_for, media_root):
    bad = SimpleUploadedFile("说明.pdf", b"plain text " * 50, content_type="application/pdf")
    client = client_for(world.reporter)
    response = client.post(url(assignment), post_data(assignment, files=[png(), bad]))
    assert response.status_code == 200
    assert "说明.pdf" in str(response.context["progress_form"].errors["files"])
    assert not Progress.objects.exists()
    kept = Attachment.objects.get()
    assert kept.content_type == "image/png"
    assert len(stored_files(media_root)) == 1

    response = client.post(
        url(assignment), post_data(assignment, kept_evidence=[str(kept.pk)], files=[png("二.png")])
    )
    assert response.status_code == 302
    names = sorted(a.original_name for a in Progress.objects.get().evidence.all())
    assert names == ["二.png", "现场照片.png"]


def test_another_persons_kept_file_cannot_be_claimed(world, assignment, client_for):
    client_for(world.reporter).post(url(assignment), post_data(assignment, text="", files=[png()]))
    theirs = Attachment.objects.get()
    colleague = person("colleague", world.yanchang_bureau, Role.REPORTER)
    response = client_for(colleague).post(
        url(assignment), post_data(assignment, kept_evidence=[str(theirs.pk), "not-a-uuid"])
    )
    assert response.status_code == 302
    assert not Progress.objects.get().evidence.exists()


def test_a_filed_file_cannot_be_claimed_again(world, assignment, client_for):
    client = client_for(world.reporter)
    client.post(url(assignment), post_data(assignment, files=[png()]))
    filed = Attachment.objects.get()
    assignment.refresh_from_db()
    response = client.post(url(assignment), post_data(assignment, kept_evidence=[str(filed.pk)]))
    assert response.status_code == 302
    first, second = Progress.objects.order_by("pk")
    assert list(first.evidence.all()) == [filed]
    assert not second.evidence.exists()


def test_a_filing_from_a_stale_page_comes_back_as_typed_ready_to_file_again(
    world, assignment, client_for, media_root
):
    clerk, colleague = client_for(world.reporter), client_for(world.approver)
    stale = post_data(assignment, text="走访慰问贫困户12户", files=[png()])
    # The colleague files from the same page first.
    colleague.post(url(assignment), post_data(assignment, text="同事先报送的进展"))
    response = clerk.post(url(assignment), stale)
    assert response.status_code == 200
    form = response.context["progress_form"]
    assert form.non_field_errors() == [str(STALE_FILING)]
    assert str(STALE_FILING) in html.unescape(response.content.decode())
    assert form["text"].value() == "走访慰问贫困户12户"
    assignment.refresh_from_db()
    assert form["version"].value() == str(assignment.version)
    assert "同事先报送的进展" in response.content.decode()  # what changed is on the page
    (kept,) = response.context["kept_evidence"]
    assert Progress.objects.count() == 1
    # Filing again from the page that came back files it, with the photo kept.
    again = clerk.post(
        url(assignment),
        post_data(assignment, text="走访慰问贫困户12户", kept_evidence=[str(kept.pk)]),
    )
    assert again.status_code == 302
    latest = Progress.objects.order_by("pk").last()
    assert (latest.text, list(latest.evidence.all())) == ("走访慰问贫困户12户", [kept])


def test_a_filing_on_an_assignment_done_meanwhile_keeps_no_files(
    world, assignment, client_for, media_root, django_capture_on_commit_callbacks
):
    client = client_for(world.reporter)
    client.post(url(assignment), post_data(assignment, text="", files=[png()]))
    kept = Attachment.objects.get()
    stale = post_data(assignment, kept_evidence=[str(kept.pk)], files=[png("二.png")])
    file_progress(world, assignment)
    mark_done(world, assignment)
    # The files go once the deletion of their rows commits (portal.files).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(assignment), stale)
    assert response.status_code == 302
    assert Progress.objects.count() == 1  # only the filing that was marked done
    assert not Attachment.objects.filter(pk=kept.pk).exists()
    assert Attachment.objects.count() == 0
    assert stored_files(media_root) == []

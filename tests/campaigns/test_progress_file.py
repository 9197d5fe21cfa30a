"""Filing progress: text, figures, evidence files, links and publicity items."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import CampaignEvent, Progress
from tests.campaigns.builders import assignment_of, png_bytes, published_campaign
from tests.submissions.builders import draft_report


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
    event = CampaignEvent.objects.get(action="campaigns.progress.filed")
    assert (event.actor, event.assignment) == (world.reporter, assignment)
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

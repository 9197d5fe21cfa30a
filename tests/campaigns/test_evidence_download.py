"""Evidence files are served to whoever may see the assignment, the lead unit included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from portal.services import attachment_create
from tests.campaigns.builders import assignment_of, png_bytes, published_campaign


@pytest.fixture
def evidence(world):
    campaign = published_campaign(world, units=[world.yanchang_bureau, world.jingbian_bureau])
    assignment = assignment_of(campaign, world.jingbian_bureau)
    photo = attachment_create(
        unit=world.jingbian_bureau,
        uploaded=SimpleUploadedFile("展板.png", png_bytes()),
        uploaded_by=world.outsider_reporter,
    )
    services.progress_file(
        assignment=assignment,
        user=world.outsider_reporter,
        version=assignment.version,
        data={"text": "展板已制作"},
        evidence=[photo],
    )
    return assignment, photo


def url(assignment, photo):
    return reverse("campaigns:evidence-download", args=[assignment.pk, photo.pk])


def test_anonymous_is_sent_to_login(evidence, client):
    assert client.get(url(*evidence))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, evidence, client_for):
    assert client_for(world.outsider_reporter).post(url(*evidence)).status_code == 405


@pytest.mark.parametrize(
    "who", ["outsider_reporter", "other_city_reviewer", "city_reviewer", "province_admin"]
)
def test_the_unit_its_city_the_lead_unit_and_the_province_may_download(
    world, evidence, client_for, who
):
    response = client_for(getattr(world, who)).get(url(*evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


@pytest.mark.parametrize("who", ["reporter", "neighbour_reporter"])
def test_other_units_get_404(world, evidence, client_for, who):
    assert client_for(getattr(world, who)).get(url(*evidence)).status_code == 404


def test_a_file_of_another_assignment_is_not_served_through_this_one(world, evidence, client_for):
    assignment, photo = evidence
    other = assignment_of(assignment.activity.campaign, world.jingbian_bureau, summary=True)
    response = client_for(world.outsider_reporter).get(url(other, photo))
    assert response.status_code == 404


def test_evidence_whose_file_is_gone_from_disk_is_404(world, evidence, client_for):
    assignment, photo = evidence
    photo.file.storage.delete(photo.file.name)
    assert client_for(world.province_admin).get(url(assignment, photo)).status_code == 404

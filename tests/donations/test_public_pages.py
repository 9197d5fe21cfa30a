"""The public pages: no sign-in, only published projects and disclosed donors, the right
totals, never a phone number, ID number or household name; cached, and refreshed after
any change."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from donations import services
from donations.models import Certificate, Pledge
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pay, pdf, png
from tests.donations.test_wishes_services import make_wish

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


@pytest.fixture
def disclosed(dw):
    project = make_project(dw)
    photo = attachment_create(
        unit=dw.township_office, uploaded=png(), uploaded_by=dw.township_reporter
    )
    project.photos.add(photo)
    hidden = make_project(dw, publish=False, title="未发布项目")
    named = make_pledge(
        dw,
        amount="60000.00",
        designation="project",
        project=project,
        contact_phone="13912345678",
        donor_name="延长石油有限公司",
    )
    anonymous = make_pledge(
        dw,
        amount="800.00",
        designation="project",
        project=project,
        donor_type="individual",
        donor_name="王秀英",
        anonymous=True,
        contact_phone="15800001111",
    )
    pay(dw, named, "60000.00")
    pay(dw, anonymous, "800.00")
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    # Recorded after the disclosure: counted in the totals, not yet named in public.
    late = make_pledge(
        dw, amount="5000.00", designation="project", project=project, donor_name="未公示企业"
    )
    pay(dw, late, "1000.00")
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    services.spending_record(
        user=dw.reporter,
        project=project,
        amount=Decimal("20000.00"),
        spent_on=date(2026, 11, 1),
        purpose="冷库钢结构",
        evidence=evidence,
    )
    make_wish(dw)
    return {"project": project, "hidden": hidden, "photo": photo}


def public_urls(dw, d):
    certificate = Certificate.objects.get()
    return [
        reverse("donations:public-index"),
        reverse("donations:public-index") + f"?region={dw.yanchang.pk}",
        reverse("donations:public-project", args=[d["project"].pk]),
        reverse("donations:public-drive", args=[dw.drive.pk]),
        reverse("donations:public-wishes"),
        reverse("donations:public-pledge", args=[dw.drive.pk]),
        reverse("donations:certificate-verify", args=[certificate.token]),
    ]


@pytest.fixture
def open_drive(dw, time_machine):
    time_machine.move_to(date(2026, 10, 12))


def test_public_pages_need_no_sign_in_and_show_no_personal_data(dw, disclosed, client, open_drive):
    for url in public_urls(dw, disclosed):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not PHONE.search(html), url
        assert not ID_NUMBER.search(html), url
        for private in ("13912345678", "15800001111", "王秀英", "张明礼", "610621195501012343"):
            assert private not in html, (url, private)


def test_the_project_page_shows_totals_disclosed_donors_and_no_undisclosed_use(
    dw, disclosed, client
):
    response = client.get(reverse("donations:public-project", args=[disclosed["project"].pk]))
    project = response.context["project"]
    assert project.received == Decimal("61800.00")
    assert project.still_needed == Decimal("38200.00")
    assert project.spent == Decimal("20000.00")
    donors = response.context["donors"]
    assert sorted((d["received"], d["name"], d["anonymous"]) for d in donors) == [
        (Decimal("800.00"), None, True),
        (Decimal("60000.00"), "延长石油有限公司", False),
    ]
    assert "未公示企业" not in response.content.decode()
    assert b'data-testid="use-not-disclosed"' in response.content
    assert "冷库钢结构" not in response.content.decode()


def test_the_use_of_funds_appears_once_disclosed(dw, disclosed, client):
    project = disclosed["project"]
    services.project_end(user=dw.reporter, project=project, ended_on=date(2026, 11, 30))
    services.project_disclose_use(user=dw.reporter, project=project)
    response = client.get(reverse("donations:public-project", args=[project.pk]))
    assert "冷库钢结构" in response.content.decode()


def test_unpublished_projects_are_not_public(dw, disclosed, client):
    assert (
        client.get(reverse("donations:public-project", args=[disclosed["hidden"].pk])).status_code
        == 404
    )
    listing = client.get(reverse("donations:public-index")).content.decode()
    assert "未发布项目" not in listing


def test_the_index_totals_reconcile_with_its_rows(dw, disclosed, client):
    response = client.get(reverse("donations:public-index") + f"?region={dw.yanchang.pk}")
    rows = response.context["projects"]
    totals = response.context["totals"]
    assert totals["received"] == sum(p.received for p in rows) == Decimal("61800.00")
    assert totals["budget"] - totals["received"] == totals["needed"]


def test_an_undisclosed_drive_has_no_public_page(dw, client):
    assert client.get(reverse("donations:public-drive", args=[dw.drive.pk])).status_code == 404


def test_the_drive_disclosure_lists_donors_and_the_total(dw, disclosed, client):
    response = client.get(reverse("donations:public-drive", args=[dw.drive.pk]))
    assert response.context["total"] == Decimal("60800.00")
    assert b'data-testid="drive-total"' in response.content


def test_project_photos_are_served_publicly(dw, disclosed, client):
    url = reverse(
        "donations:public-project-photo", args=[disclosed["project"].pk, disclosed["photo"].pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    hidden = reverse(
        "donations:public-project-photo", args=[disclosed["hidden"].pk, disclosed["photo"].pk]
    )
    assert client.get(hidden).status_code == 404


def test_public_pages_are_cached_and_refresh_after_a_change(
    dw, disclosed, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("donations:public-project", args=[disclosed["project"].pk])
    client.get(url)
    with django_assert_max_num_queries(2):
        response = client.get(url)
    assert response.context["project"].received == Decimal("61800.00")
    # The test runs inside one transaction: run what the writes do after their commit.
    with django_capture_on_commit_callbacks(execute=True):
        pledge = make_pledge(
            dw, amount="100.00", designation="project", project=disclosed["project"]
        )
        pay(dw, pledge, "100.00")
    assert client.get(url).context["project"].received == Decimal("61900.00")


@pytest.mark.parametrize("name", ["public-index", "public-wishes"])
def test_public_pages_refuse_post(client, db, name):
    assert client.post(reverse(f"donations:{name}")).status_code == 405


def test_a_certificate_can_be_verified_publicly(dw, disclosed, client):
    certificate = Certificate.objects.get()
    response = client.get(reverse("donations:certificate-verify", args=[certificate.token]))
    assert response.status_code == 200
    assert certificate.serial.encode() in response.content
    assert b'data-testid="certificate-valid"' in response.content


def test_a_gift_moved_in_part_with_consent_shows_where_each_part_went(dw, disclosed, client):
    """The donor agrees to move 1,000.00 of 60,000.00 to another project: the first
    project still shows the 59,000.00 it holds from that donor, the other the 1,000.00."""
    first = disclosed["project"]
    other = make_project(dw, title="七里村社区道路", village=dw.village2)
    gift = Pledge.objects.get(donor_name="延长石油有限公司")
    services.pledge_reallocate(
        user=dw.reporter,
        pledge=gift,
        amount=Decimal("1000.00"),
        to_designation="project",
        to_project=other,
        consent_on=date(2026, 11, 2),
        consent_note="捐赠企业来函同意",
        consent_evidence=attachment_create(
            unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
        ),
    )

    def page(project):
        return client.get(reverse("donations:public-project", args=[project.pk])).context

    moved_from, moved_to = page(first), page(other)
    assert moved_from["project"].received == Decimal("60800.00")
    assert moved_to["project"].received == Decimal("1000.00")
    assert sorted((d["received"], d["name"] or "") for d in moved_from["donors"]) == [
        (Decimal("800.00"), ""),
        (Decimal("59000.00"), "延长石油有限公司"),
    ]
    assert [(d["name"], d["received"]) for d in moved_to["donors"]] == [
        ("延长石油有限公司", Decimal("1000.00"))
    ]
    # What each page says was received is what its cash balance and spending account for.
    for figures in (moved_from["project"], moved_to["project"]):
        assert figures.received == figures.cash_balance + figures.spent


def test_a_project_photo_whose_file_is_gone_from_disk_is_404(dw, disclosed, client):
    photo = disclosed["photo"]
    photo.file.storage.delete(photo.file.name)
    url = reverse("donations:public-project-photo", args=[disclosed["project"].pk, photo.pk])
    assert client.get(url).status_code == 404

"""The staff pages do what the services promise, through their forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from donations.models import Pledge, PledgeStatus, Project, ProjectStatus, Reallocation, Receipt
from tests.donations.conftest import make_pledge, make_project, pay, pdf, png


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_township_proposes_with_photos_and_the_county_publishes(dw, client_for):
    client = client_for(dw.township_reporter)
    response = client.post(
        reverse("donations:project-create"),
        {
            "unit": dw.township_office.pk,
            "village": dw.village.pk,
            "title": "凉水岸村小学图书室",
            "purpose": "购置图书和书架",
            "category": "education",
            "budget": "30000.50",
            "claim_deadline": "2026-12-31",
            "photos": [png("a.png"), png("b.png")],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert (project.status, project.budget, project.office) == (
        ProjectStatus.PROPOSED,
        Decimal("30000.50"),
        dw.yanchang_bureau,
    )
    assert project.photos.count() == 2
    response = client_for(dw.approver).post(
        reverse("donations:project-screen", args=[project.pk]), {"decision": "publish"}
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.PUBLISHED


def test_a_township_cannot_propose_outside_its_area(dw, client_for):
    response = client_for(dw.township_reporter).post(
        reverse("donations:project-create"),
        {
            "unit": dw.township_office.pk,
            "village": dw.other_village.pk,
            "title": "x",
            "purpose": "x",
            "category": "other",
            "budget": "10",
            "claim_deadline": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_recording_a_designated_pledge_through_the_form(dw, client_for):
    project = make_project(dw)
    response = client_for(dw.reporter).post(
        reverse("donations:pledge-create", args=[dw.drive.pk]),
        {
            "donor_type": "enterprise",
            "donor_name": "延安果业集团",
            "kind": "cash",
            "amount": "20000.00",
            "designation": "project",
            "project": project.pk,
            "due_date": "2026-11-30",
        },
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert (pledge.project, pledge.village, pledge.amount) == (
        project,
        dw.village,
        Decimal("20000.00"),
    )


def test_a_goods_pledge_lists_its_items(dw, client_for):
    client_for(dw.reporter).post(
        reverse("donations:pledge-create", args=[dw.drive.pk]),
        {
            "donor_type": "social_org",
            "donor_name": "延长县慈善协会",
            "kind": "goods",
            "amount": "6000.00",
            "items": "棉被, 100, 床\n大米，50，袋",
            "designation": "village",
            "village": dw.village.pk,
        },
    )
    pledge = Pledge.objects.get()
    assert [(i.description, i.quantity, i.unit_label) for i in pledge.items.order_by("pk")] == [
        ("棉被", Decimal("100"), "床"),
        ("大米", Decimal("50"), "袋"),
    ]


def test_an_excess_receipt_is_refused_beside_the_amount(dw, client_for):
    pledge = make_pledge(dw, amount="1000.00")
    pay(dw, pledge, "600.00")
    response = client_for(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "400.01", "received_on": "2026-10-02", "reference": "B2"},
    )
    assert response.status_code == 200
    assert Receipt.objects.count() == 1
    assert any("400.00" in m for m in response.context["cash_form"].errors["amount"])
    assert messages_of(response)  # and a line at the top of the page
    page = client_for(dw.reporter).get(reverse("donations:pledge-detail", args=[pledge.pk]))
    assert page.context["state"] == "partly"
    assert page.context["figures"]["outstanding"] == Decimal("400.00")


def test_goods_are_valued_and_confirmed_by_the_village_township(dw, client_for):
    pledge = make_pledge(dw, kind="goods", amount="5000.00", items=[("书包", Decimal("100"), "个")])
    client_for(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {
            "amount": "4800.00",
            "received_on": "2026-10-09",
            "valued_by": dw.village.pk,
            "certificate": pdf(),
        },
    )
    receipt = Receipt.objects.get()
    queue = client_for(dw.township_reporter).get(reverse("donations:goods-queue"))
    assert list(queue.context["receipts"]) == [receipt]
    client_for(dw.township_reporter).post(reverse("donations:receipt-confirm", args=[receipt.pk]))
    receipt.refresh_from_db()
    assert receipt.status == "confirmed"


def test_moving_designated_money_without_consent_through_the_form(dw, client_for):
    project = make_project(dw)
    pledge = make_pledge(dw, designation="project", project=project)
    pay(dw, pledge, "1000.00")
    response = client_for(dw.reporter).post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]),
        {"amount": "500.00", "to_designation": "none"},
    )
    assert not Reallocation.objects.exists()
    assert response.status_code == 200
    assert response.context["reallocation_form"].errors
    assert messages_of(response)
    pledge.refresh_from_db()
    assert pledge.project == project


def test_withdrawal_through_the_form(dw, client_for):
    pledge = make_pledge(dw, amount="1000.00")
    client_for(dw.reporter).post(
        reverse("donations:pledge-withdraw", args=[pledge.pk]), {"reason": "捐赠方撤回"}
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.WITHDRAWN
    page = client_for(dw.reporter).get(reverse("donations:drive-detail", args=[dw.drive.pk]))
    assert [p.state for p in page.context["pledges"]] == ["withdrawn"]


def test_the_drive_page_shows_states_and_totals(dw, client_for, time_machine):
    time_machine.move_to(date(2026, 12, 1))
    overdue = make_pledge(dw, amount="1000.00", due_date=date(2026, 11, 1), donor_name="甲")
    pay(dw, overdue, "100.00")
    done = make_pledge(dw, amount="200.00", donor_name="乙")
    pay(dw, done, "200.00")
    make_pledge(dw, amount="300.00", donor_name="丙")
    page = client_for(dw.reporter).get(reverse("donations:drive-detail", args=[dw.drive.pk]))
    states = {p.donor_name: p.state for p in page.context["pledges"]}
    assert states == {"甲": "overdue", "乙": "received", "丙": "open"}
    totals = page.context["totals"]
    assert totals == {
        "pledged": Decimal("1500.00"),
        "received": Decimal("300.00"),
        "outstanding": Decimal("1200.00"),
    }


def test_statistics_export_is_a_workbook_with_the_totals(dw, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    pledge = make_pledge(dw, amount="1234.56")
    pay(dw, pledge, "1234.56")
    response = client_for(dw.reporter).get(reverse("donations:statistics-export"))
    book = load_workbook(BytesIO(response.content))
    values = [row for row in book.active.iter_rows(values_only=True)]
    assert any(row[1] == pytest.approx(1234.56) for row in values if len(row) > 1)


def test_no_page_ranks_units_by_amount(dw, client_for):
    """Giving is voluntary: the statistics show totals by region and type, never a list
    of units by what they gave."""
    page = client_for(dw.province_admin).get(reverse("donations:statistics"))
    assert "ranking" not in page.content.decode().lower()
    assert "by_unit" not in page.context

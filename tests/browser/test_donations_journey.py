"""The donations journey in a real browser: a township proposes a project and the county
publishes it; a pledge designated to it is recorded and partly received; goods are valued
and confirmed by the village's township; the public page shows the right totals; a
micro-wish is recorded, vetted, lit up and fulfilled, and the unit's docking rate moves."""

import re
from decimal import Decimal

import pytest

from donations.models import Pledge, Project, Wish
from tests.browser.people import sign_in, sign_out
from tests.donations.conftest import dw  # noqa: F401 - the donations world fixture

pytestmark = pytest.mark.browser

PNG = {
    "name": "现场.png",
    "mimeType": "image/png",
    "buffer": bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
        "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
    ),
}
PDF = {
    "name": "估价证明.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
}


def amount(page, testid, scope=None):
    root = scope or page
    return Decimal(
        root.get_by_test_id(testid).locator("[data-amount]").first.get_attribute("data-amount")
    )


def test_donations_journey(page, dw):  # noqa: F811 - one journey, told in order
    # A township proposes a project with a photo.
    sign_in(page, "township")
    page.goto("/donations/projects/new/")
    form = page.get_by_test_id("project-form")
    form.locator("#id_unit").select_option(str(dw.township_office.pk))
    form.locator("#id_village").select_option(str(dw.village.pk))
    form.locator("#id_title").fill("凉水岸村苹果冷库")
    form.locator("#id_purpose").fill("新建苹果保鲜冷库一座")
    form.locator("#id_category").select_option("industry")
    form.locator("#id_budget").fill("100000.00")
    form.locator("#id_claim_deadline").fill("2026-12-31")
    form.locator("#id_photos").set_input_files([PNG])
    form.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/donations/projects/\d+/$"))
    assert page.get_by_test_id("project-status").get_attribute("data-status") == "proposed"
    project = Project.objects.get()
    sign_out(page)

    # The county office publishes it.
    sign_in(page, "approver")
    page.goto(f"/donations/projects/{project.pk}/")
    page.get_by_test_id("screen-form").locator("#id_decision").select_option("publish")
    page.get_by_test_id("screen-submit").click()
    page.get_by_test_id("project-status").and_(page.locator("[data-status=published]")).wait_for()
    sign_out(page)

    # The county records a designated pledge and receives part of it.
    sign_in(page, "reporter")
    page.goto(f"/donations/drives/{dw.drive.pk}/")
    page.get_by_test_id("record-pledge").click()
    form = page.get_by_test_id("pledge-form")
    form.locator("#id_donor_type").select_option("enterprise")
    form.locator("#id_donor_name").fill("延长石油有限公司")
    form.locator("#id_kind").select_option("cash")
    form.locator("#id_amount").fill("80000.00")
    form.locator("#id_designation").select_option("project")
    form.locator("#id_project").select_option(str(project.pk))
    form.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/donations/pledges/\d+/$"))
    receipt = page.get_by_test_id("receipt-form")
    receipt.locator("#id_amount").fill("30000.00")
    receipt.locator("#id_received_on").fill("2026-10-08")
    receipt.locator("#id_reference").fill("ICBC-20261008-0031")
    page.get_by_test_id("receipt-submit").click()
    page.get_by_test_id("receipt").first.wait_for()
    assert page.get_by_test_id("pledge-state").first.get_attribute("data-state") == "partly"
    assert amount(page, "outstanding") == Decimal("50000.00")
    # More than is outstanding is refused with a message.
    receipt = page.get_by_test_id("receipt-form")
    receipt.locator("#id_amount").fill("50000.01")
    receipt.locator("#id_received_on").fill("2026-10-09")
    receipt.locator("#id_reference").fill("ICBC-X")
    page.get_by_test_id("receipt-submit").click()
    page.locator(".alert-danger").wait_for()
    assert amount(page, "received") == Decimal("30000.00")

    # Goods for the project, valued by the village.
    page.goto(f"/donations/drives/{dw.drive.pk}/pledges/new/")
    form = page.get_by_test_id("pledge-form")
    form.locator("#id_donor_type").select_option("social_org")
    form.locator("#id_donor_name").fill("延长县慈善协会")
    form.locator("#id_kind").select_option("goods")
    form.locator("#id_amount").fill("6000.00")
    form.locator("#id_items").fill("保温板, 120, 张")
    form.locator("#id_designation").select_option("project")
    form.locator("#id_project").select_option(str(project.pk))
    form.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/donations/pledges/\d+/$"))
    goods = page.get_by_test_id("receipt-form")
    goods.locator("#id_amount").fill("5800.00")
    goods.locator("#id_received_on").fill("2026-10-09")
    goods.locator("#id_valued_by").select_option(str(dw.village.pk))
    goods.locator("#id_certificate").set_input_files([PDF])
    page.get_by_test_id("receipt-submit").click()
    page.get_by_test_id("receipt").and_(page.locator("[data-status=pending]")).wait_for()
    sign_out(page)

    # The township confirms the goods and their valuation.
    sign_in(page, "township")
    page.goto("/donations/goods/")
    page.get_by_test_id("confirm-goods").click()
    page.locator(".alert-success").wait_for()
    assert page.get_by_test_id("goods-row").count() == 0
    sign_out(page)

    # The public page, without signing in, shows the right totals.
    page.goto(f"/donations/public/?region={dw.yanchang.pk}")
    row = page.get_by_test_id("public-project")
    assert amount(page, "received", row) == Decimal("35800.00")
    assert amount(page, "needed", row) == Decimal("64200.00")
    row.get_by_role("link").click()
    assert amount(page, "received") == Decimal("35800.00")
    assert page.locator("img.img-thumbnail").count() == 1
    assert Pledge.objects.count() == 2

    # A micro-wish: recorded, vetted, lit up, fulfilled; the docking rate moves.
    sign_in(page, "helper")
    page.goto("/donations/wishes/new/")
    form = page.get_by_test_id("wish-form")
    form.locator("#id_unit").select_option(str(dw.helping_unit.pk))
    form.locator("#id_village").select_option(str(dw.village.pk))
    form.locator("#id_household_name").fill("张明礼")
    form.locator("#id_household_phone").fill("13800001234")
    form.locator("#id_title").fill("一台电暖器")
    form.locator("#id_value").fill("380.00")
    form.locator("#id_deadline").fill("2026-12-31")
    form.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/donations/wishes/$"))
    rate = page.get_by_test_id("rate-row").filter(has_text=dw.helping_unit.name)
    assert rate.get_by_test_id("docked").inner_text() == "0"
    sign_out(page)

    sign_in(page, "helper_leader")
    page.goto("/donations/wishes/")
    page.get_by_test_id("publish-wish").click()
    page.get_by_test_id("wish-row").and_(page.locator("[data-status=published]")).wait_for()
    sign_out(page)

    sign_in(page, "nobody")
    page.goto("/donations/public/wishes/")
    wish_row = page.get_by_test_id("wish")
    assert "张**" in wish_row.inner_text()
    assert "13800001234" not in page.content()
    wish_row.get_by_test_id("claim").click()
    page.wait_for_url(re.compile(r"/donations/wishes/mine/$"))
    assert page.get_by_test_id("claim-row").get_attribute("data-status") == "claimed"
    sign_out(page)

    sign_in(page, "helper")
    page.goto("/donations/wishes/")
    fulfil = page.get_by_test_id("fulfil-form")
    fulfil.locator("input[type=file]").set_input_files([PNG])
    fulfil.locator("input[type=date]").fill("2026-11-05")
    page.get_by_test_id("fulfil").click()
    page.get_by_test_id("wish-row").and_(page.locator("[data-status=fulfilled]")).wait_for()
    rate = page.get_by_test_id("rate-row").filter(has_text=dw.helping_unit.name)
    assert rate.get_by_test_id("docked").inner_text() == "1"
    assert rate.get_by_test_id("rate").get_attribute("data-rate") == "100.0"
    assert Wish.objects.get().status == "fulfilled"

"""The awards journey in a real browser: an administrator sets up a programme with quotas;
a county nominates a person and a work; its approver signs off; the administrator checks
qualification; a judge scores and never sees their own unit's nomination; the
administrator assigns tiers up to a quota; the public notice shows the list without
sign-in; the list is made final; a certificate downloads and its QR link verifies it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from awards import services
from awards.models import Nomination, Programme
from portal.models import Role
from tests.browser.people import sign_in, sign_out
from tests.factories import person

pytestmark = pytest.mark.browser


def nominate(page, programme_url, *, category, name, work_title="", work_text="", deeds=""):
    page.goto(programme_url)
    page.get_by_test_id("nominate").click()
    form = page.get_by_test_id("nomination-form")
    form.locator("#id_category").select_option(label=category)
    form.locator("#id_nominee_name").fill(name)
    form.locator("#id_nominee_unit").select_option(label="延长县扶贫开发局")
    if work_title:
        form.locator("#id_work_title").fill(work_title)
        form.locator("#id_work_text").fill(work_text)
    if deeds:
        form.locator("#id_deeds").fill(deeds)
    form.locator("button[type=submit]").click()
    page.get_by_test_id("nomination-status").wait_for()
    return page.url


def test_programme_from_set_up_to_verified_certificate(
    page, browser, live_server, world, celery_worker
):
    today = timezone.localdate()
    city_reporter = person("city_reporter", world.yanan_office, Role.REPORTER)

    # The administrator creates the programme and sets it up.
    sign_in(page, "province_admin")
    page.goto("/awards/")
    page.get_by_test_id("programme-create").click()
    form = page.get_by_test_id("programme-form")
    form.locator("#id_organiser").select_option(label="延安市扶贫开发办公室")
    form.locator("#id_year").fill(str(today.year))
    form.locator("#id_title").fill("我的帮扶故事征文")
    form.locator("#id_basis_document").fill("宜宣明电〔2018〕20号")
    form.locator("#id_kind").select_option("contest")
    form.locator("#id_nomination_opens").fill((today - timedelta(days=1)).isoformat())
    form.locator("#id_nomination_closes").fill((today + timedelta(days=10)).isoformat())
    form.locator("#id_anonymous_judging").check()
    form.locator("button[type=submit]").click()
    page.get_by_test_id("programme-edit").wait_for()
    edit_url = page.url

    # Each section of the set-up has its page, saved on its own, back to the set-up.
    page.get_by_test_id("edit-categories").click()
    page.locator("#id_categories-0-name").fill("我的帮扶故事")
    page.locator("#id_categories-0-takes").select_option("work")
    page.locator("#id_categories-1-name").fill("扶贫奋进奖")
    page.locator("#id_categories-1-takes").select_option("person")
    page.get_by_test_id("section-save").click()
    page.wait_for_url(edit_url)
    page.get_by_test_id("edit-criteria").click()
    page.locator("#id_criteria-0-name").fill("主题立意")
    page.locator("#id_criteria-0-weight").fill("60")
    page.locator("#id_criteria-1-name").fill("文字表达")
    page.locator("#id_criteria-1-weight").fill("40")
    page.get_by_test_id("section-save").click()
    page.wait_for_url(edit_url)
    page.get_by_test_id("edit-nominators").click()
    page.locator("#id_nominators-0-unit").select_option(label="延长县扶贫开发局")
    page.locator("#id_nominators-0-limit").fill("3")
    page.locator("#id_nominators-1-unit").select_option(label="延安市扶贫开发办公室")
    page.locator("#id_nominators-1-limit").fill("2")
    page.get_by_test_id("section-save").click()
    page.wait_for_url(edit_url)

    # The judge comes from the city office; they score both categories.
    page.get_by_test_id("edit-judges").click()
    page.locator("#id_judges-0-user").select_option(str(world.city_reviewer.pk))
    page.locator("input[name='judges-0-categories']").first.check()
    page.locator("input[name='judges-0-categories']").nth(1).check()
    page.get_by_test_id("section-save").click()
    page.wait_for_url(edit_url)
    programme = Programme.objects.get(title="我的帮扶故事征文")
    theme = programme.categories.get(name="我的帮扶故事")
    assert programme.judges.get().categories.count() == 2

    page.get_by_test_id(f"tiers-{theme.pk}").click()
    page.locator("#id_tiers-0-name").fill("一等奖")
    page.locator("#id_tiers-0-quota").fill("1")
    page.get_by_test_id("tiers-save").click()
    page.wait_for_url(edit_url)
    assert "一等奖 × 1" in page.get_by_test_id("category-tiers").inner_text()
    programme_url = f"/awards/{programme.pk}/"
    sign_out(page)

    # The city office files a work of its own (the judge's unit): the judge must not see it.
    own = services.nomination_file(
        programme=programme,
        unit=world.yanan_office,
        user=city_reporter,
        category=theme,
        nominee_name="市办作者",
        nominee_unit=world.yanan_office,
        work_title="市办的作品",
        work_text="……",
    )

    # The county nominates a work and a person.
    sign_in(page, "reporter")
    work_url = nominate(
        page,
        programme_url,
        category="我的帮扶故事",
        name="刘志刚",
        work_title="一条硬化路",
        work_text="村里的路修通了，苹果运得出去了。",
    )
    person_url = nominate(
        page, programme_url, category="扶贫奋进奖", name="张红梅", deeds="驻村三年。"
    )
    sign_out(page)

    # Its approver signs both off.
    sign_in(page, "approver")
    for url in (work_url, person_url):
        page.goto(url)
        page.get_by_test_id("sign-off").click()
        page.locator("[data-testid=nomination-status][data-status=submitted]").wait_for()
    sign_out(page)

    # The administrator passes all three (the city's was signed off behind the scenes).
    services.nomination_sign_off(
        nomination=own, user=person("city_approver", world.yanan_office, Role.APPROVER)
    )
    sign_in(page, "province_admin")
    for url in (work_url, person_url, f"/awards/nominations/{own.pk}/"):
        page.goto(url)
        page.get_by_test_id("qualify").click()
        page.locator("[data-testid=nomination-status][data-status=qualified]").wait_for()
    sign_out(page)

    # The judge scores; the city's own work is not on the page.
    sign_in(page, "city_reviewer")
    page.goto(programme_url)
    page.get_by_test_id("judging").click()
    cards = page.get_by_test_id("judge-nomination")
    assert cards.count() == 2
    content = page.content()
    assert "市办的作品" not in content
    assert "一条硬化路" in content and "刘志刚" not in content  # judged without the author
    work = Nomination.objects.get(work_title="一条硬化路")
    card = page.locator(f"[data-nomination='{work.pk}']")
    for field in card.locator("input[type=number]").all():
        field.fill("90")
    card.get_by_test_id("score-save").click()
    page.locator(f"[data-nomination='{work.pk}'][data-scored='1']").wait_for()
    sign_out(page)

    # The administrator assigns the only first prize; the counter shows none left.
    sign_in(page, "province_admin")
    page.goto(programme_url)
    page.get_by_test_id("ranking").click()
    row = page.locator(f"tr[data-nomination='{work.pk}']")
    assert row.locator("[data-col=score]").inner_text() == "90.00"
    row.locator("select[name=tier]").select_option(label="一等奖 (1)")
    row.get_by_test_id(f"assign-{work.pk}").click()
    first_prize = theme.tiers.get()
    page.locator(f"[data-tier='{first_prize.pk}'][data-left='0']").wait_for()
    other = page.locator(f"tr[data-nomination='{own.pk}'] select[name=tier] option").nth(1)
    assert other.is_disabled()
    page.goto(programme_url)
    page.get_by_test_id("publish").click()
    page.locator("[data-testid=programme-status][data-status=notice]").wait_for()

    # Anyone sees the proposed list without signing in.
    public = browser.new_context(base_url=live_server.url, locale="zh-CN")
    anonymous = public.new_page()
    anonymous.goto(f"/awards/notice/{programme.pk}/")
    winners = anonymous.get_by_test_id("notice-winners").inner_text()
    assert "一条硬化路" in winners and "刘志刚" in winners
    assert anonymous.get_by_test_id("objection-form").is_visible()

    # The notice period runs out; the administrator makes the list final.
    Programme.objects.filter(pk=programme.pk).update(
        notice_starts=today - timedelta(days=9), notice_ends=today - timedelta(days=1)
    )
    page.get_by_test_id("objections").click()
    page.locator("#id_circular_number").fill("延扶办〔2026〕8号")
    page.get_by_test_id("finalise").click()
    page.locator("[data-testid=programme-status][data-status=final]").wait_for()
    # The circular is made by a worker while its page waits, then downloads.
    page.get_by_test_id("circular").click()
    with page.expect_download() as circular:
        page.get_by_test_id("download").click(timeout=60_000)
    assert PdfReader(circular.value.path()).pages

    # The certificate downloads; the link its QR code carries confirms it.
    page.goto(work_url)
    page.get_by_test_id("certificate").click()
    with page.expect_download() as download:
        page.get_by_test_id("download").click(timeout=60_000)
    reader = PdfReader(download.value.path())
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    serial = work.__class__.objects.get(pk=work.pk).certificate.serial
    assert serial in text and "一等奖" in text
    verify_path = re.search(r"/awards/verify/[0-9a-f-]{36}/", text).group(0)
    anonymous.goto(verify_path)
    assert anonymous.get_by_test_id("certificate-genuine").get_attribute("data-serial") == serial
    assert "刘志刚" in anonymous.get_by_test_id("winner").inner_text()
    public.close()

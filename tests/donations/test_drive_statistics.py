"""A drive's donation statistics filed as its campaign's closing summary.

The drive office's reporter or approver files, from the drive page, the figures of the
drive's confirmed receipts (to the fen) as progress on the office's closing-summary
assignment in the linked campaign. Every refusal says why and saves nothing.
"""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from campaigns import services as campaign_services
from campaigns.models import AssignmentState, Progress
from donations import services
from donations.models import Drive
from portal.models import JournalEntry
from portal.services import attachment_create
from tests.campaigns.builders import (
    assignment_of,
    draft_campaign,
    mark_done,
    published_campaign,
)
from tests.donations.conftest import make_pledge, make_project, pay, pdf

CAMPAIGN = "2026年扶贫日系列活动"


def text_of(response) -> str:
    """What a person reads: the page without markup, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def statistics_url(drive):
    return reverse("donations:drive-statistics", args=[drive.pk])


def drive_url(drive):
    return reverse("donations:drive-detail", args=[drive.pk])


def link(w, campaign, user=None):
    return services.drive_link_campaign(user=user or w.reporter, drive=w.drive, campaign=campaign)


def summary_of(w, campaign):
    return assignment_of(campaign, w.yanchang_bureau, summary=True)


def file_through_page(client, w, campaign, **extra):
    version = summary_of(w, campaign).version
    return client.post(statistics_url(w.drive), {"version": version, **extra}, follow=True)


@pytest.fixture
def gifts(dw):
    """Receipts in every state. What counts: cash 11,767.90 and goods 480.50."""
    project = make_project(dw)
    oil = make_pledge(dw, amount="10000.00", donor_name="延长石油有限公司")
    pay(dw, oil, "3333.33", ref="ICBC-1")  # partly received, in two instalments
    pay(dw, oil, "1234.56", ref="ICBC-2")
    again = make_pledge(dw, amount="200.00", donor_name="延长石油有限公司")  # same donor
    pay(dw, again, "200.00", ref="ICBC-3")
    teacher = make_pledge(
        dw,
        amount="6000.00",
        donor_type="individual",
        donor_name="王秀英",
        designation="project",
        project=project,
    )
    pay(dw, teacher, "6000.00", ref="WX-1")
    logistics = make_pledge(dw, amount="8000.00", donor_name="顺通物流")
    pay(dw, logistics, "1000.01", ref="CCB-1")  # what a withdrawn pledge gave stays given
    services.pledge_withdraw(user=dw.reporter, pledge=logistics, reason="经营困难")
    services.pledge_intention_submit(  # an unconfirmed intention: nothing yet
        drive=dw.drive,
        donor_type="individual",
        donor_name="李红梅",
        kind="cash",
        amount=Decimal("1000.00"),
        designation="none",
    )
    rice = make_pledge(
        dw,
        amount="500.00",
        donor_type="unit",
        donor_name="县教育局",
        kind="goods",
        designation="village",
        village=dw.village,
        items=[("大米", Decimal("20"), "袋")],
    )
    quilts = make_pledge(
        dw,
        amount="900.00",
        donor_type="social_org",
        donor_name="工商联",
        kind="goods",
        designation="village",
        village=dw.village,
        items=[("棉被", Decimal("30"), "床")],
    )
    for pledge, amount, confirm in [(rice, "480.50", True), (quilts, "900.00", False)]:
        receipt = services.receipt_record_goods(
            user=dw.reporter,
            pledge=pledge,
            amount=Decimal(amount),
            received_on=date(2026, 10, 9),
            valued_by=dw.village,
            certificate=attachment_create(
                unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
            ),
        )
        if confirm:
            services.receipt_confirm_goods(user=dw.township_reporter, receipt=receipt)
    # The goods for the quilts still wait for the township: they must not count.
    return dw


@pytest.fixture
def sw(gifts):
    """The gifts, and the drive linked to a published campaign with a closing summary."""
    gifts.campaign = published_campaign(gifts)
    link(gifts, gifts.campaign)
    gifts.drive.refresh_from_db()
    return gifts


def nothing_filed(w, progress_before=0):
    w.drive.refresh_from_db()
    return (
        Progress.objects.count() == progress_before
        and w.drive.stats_filed_at is None
        and w.drive.stats_progress is None
        and not JournalEntry.objects.filter(action="donations.drive.statistics_filed").exists()
    )


# --- Filing ----------------------------------------------------------------------------


def test_the_figures_filed_are_the_confirmed_receipts_to_the_fen(sw, browse):
    client = browse(sw.reporter)
    page = text_of(client.get(drive_url(sw.drive)))
    assert "Statistics due: 2026-10-10" in page
    assert f"File statistics into {CAMPAIGN}'s closing summary" in page
    assert "Not filed yet." in page

    response = file_through_page(client, sw, sw.campaign)

    page = text_of(response)
    assert response.redirect_chain[-1][0] == drive_url(sw.drive)
    assert (
        f"The donation statistics were filed into the closing summary of {CAMPAIGN}: "
        "funds raised ¥12,248.40." in page
    )
    assert "by 王小燕: received ¥12,248.40 in all." in page
    progress = Progress.objects.get()
    assert progress.funds_raised == Decimal("12248.40")
    assert progress.assignment == summary_of(sw, sw.campaign)
    assert progress.created_by == sw.reporter
    assert "received ¥12,248.40 (cash ¥11,767.90, in kind ¥480.50) from 4 donors." in progress.text
    assert "Designated for a village or project ¥6,480.50" in progress.text
    assert "not designated (central account) ¥5,767.90" in progress.text
    assert (
        "By donor type: Government or public unit ¥480.50; Enterprise ¥5,767.90; "
        "Individual ¥6,000.00." in progress.text
    )
    assert "Confirmed pledges total ¥17,600.00." in progress.text
    sw.drive.refresh_from_db()
    assert (sw.drive.stats_filed_by, sw.drive.stats_progress, sw.drive.stats_filed_total) == (
        sw.reporter,
        progress,
        Decimal("12248.40"),
    )
    assert JournalEntry.objects.filter(action="donations.drive.statistics_filed", actor=sw.reporter)


def test_the_campaign_assignment_shows_the_filing_with_its_funds_raised(sw, browse):
    client = browse(sw.approver)
    file_through_page(client, sw, sw.campaign)
    summary = summary_of(sw, sw.campaign)
    assert summary.state == AssignmentState.IN_PROGRESS

    page = text_of(client.get(reverse("campaigns:assignment-detail", args=[summary.pk])))
    assert "Funds raised (yuan): 12248.40" in page
    assert "Donation statistics for 2026年扶贫日募捐" in page
    assert "李建国" in page
    # The drive page links to that assignment.
    page = client.get(drive_url(sw.drive)).content.decode()
    assert f'href="{reverse("campaigns:assignment-detail", args=[summary.pk])}"' in page
    # The campaign's matrix sums the closing summaries' funds raised.
    page = text_of(
        browse(sw.province_admin).get(reverse("campaigns:campaign-detail", args=[sw.campaign.pk]))
    )
    assert "Funds raised (yuan): 12248.4" in page


def test_filing_again_adds_only_what_was_received_since(sw, browse):
    client = browse(sw.reporter)
    file_through_page(client, sw, sw.campaign)
    oil = sw.drive.pledges.get(donor_name="延长石油有限公司", amount=Decimal("10000.00"))
    pay(sw, oil, "1000.00", ref="ICBC-4")

    response = file_through_page(client, sw, sw.campaign)

    assert "funds raised ¥1,000.00." in text_of(response)
    first, second = Progress.objects.order_by("pk")
    assert (first.funds_raised, second.funds_raised) == (Decimal("12248.40"), Decimal("1000.00"))
    assert "received ¥13,248.40" in second.text
    assert "¥12,248.40 of this was filed on" in second.text
    assert "this filing adds ¥1,000.00 to the funds raised." in second.text
    sw.drive.refresh_from_db()
    assert (sw.drive.stats_progress, sw.drive.stats_filed_total) == (second, Decimal("13248.40"))
    # However often it is filed, the campaign's total is what the drive received.
    total = sum(p.funds_raised for p in Progress.objects.all())
    assert total == Decimal("13248.40")


def test_a_stale_page_files_nothing(sw, browse):
    client = browse(sw.reporter)
    summary = summary_of(sw, sw.campaign)
    stale = summary.version
    campaign_services.progress_file(
        assignment=summary, user=sw.approver, version=stale, data={"text": "宣传活动6场"}
    )
    response = client.post(statistics_url(sw.drive), {"version": stale}, follow=True)
    assert "Someone else changed this while you were editing it." in text_of(response)
    assert Progress.objects.count() == 1
    sw.drive.refresh_from_db()
    assert sw.drive.stats_filed_at is None


# --- Refusals --------------------------------------------------------------------------


def _no_campaign(w):
    return None


def _no_summary(w):
    return published_campaign(w, summary=False)


def _draft(w):
    return draft_campaign(w)


def _closed(w):
    campaign = published_campaign(w)
    campaign_services.campaign_close(
        campaign=campaign, user=w.province_admin, version=campaign.version
    )
    return campaign


def _office_not_responsible(w):
    """The office leads an activity of the campaign but is not responsible for one."""
    campaign = draft_campaign(w, units=[w.yanchuan_bureau])
    campaign_services.activity_create(
        campaign=campaign,
        user=w.province_admin,
        data={"title": "帮扶一批：认领认捐", "lead_unit": w.yanchang_bureau},
        units=[w.yanchuan_bureau],
    )
    campaign.refresh_from_db()
    campaign_services.campaign_publish(
        campaign=campaign, user=w.province_admin, version=campaign.version
    )
    return campaign


def _summary_accepted(w):
    campaign = published_campaign(w)
    summary = summary_of(w, campaign)
    mark_done(w, summary)
    summary.refresh_from_db()
    campaign_services.assignment_accept(
        assignment=summary, user=w.province_admin, version=summary.version
    )
    return campaign


REFUSALS = [
    (
        _no_campaign,
        "Link the drive to a campaign first: its statistics are filed as that campaign's "
        "closing summary.",
    ),
    (
        _no_summary,
        f"{CAMPAIGN} asks for no closing summary, so there is nowhere to file the statistics.",
    ),
    (
        _draft,
        f"{CAMPAIGN} has not been published yet: its closing summary is assigned when it "
        "is published.",
    ),
    (_closed, f"{CAMPAIGN} is closed and takes no more filings."),
    (
        _office_not_responsible,
        f"延长县扶贫开发局 has no closing summary to file in {CAMPAIGN}: only the campaign's "
        "responsible units file one.",
    ),
    (
        _summary_accepted,
        f"The closing summary of 延长县扶贫开发局 in {CAMPAIGN} is “Accepted” and takes no "
        "more filings unless it is sent back.",
    ),
]


@pytest.mark.parametrize(("setup", "message"), REFUSALS, ids=[r[0].__name__ for r in REFUSALS])
def test_each_refusal_says_why_and_saves_nothing(gifts, browse, setup, message):
    campaign = setup(gifts)
    if campaign is not None:
        # A draft is seen (and linked) only by an administrator over the office.
        Drive.objects.filter(pk=gifts.drive.pk).update(campaign=campaign)
    client = browse(gifts.reporter)
    before = Progress.objects.count()

    page = text_of(client.get(drive_url(gifts.drive)))
    assert message in page  # the page says why before anyone tries
    assert "File statistics into" not in page

    response = client.post(statistics_url(gifts.drive), {"version": 1}, follow=True)
    assert message in text_of(response)
    assert nothing_filed(gifts, before)


@pytest.mark.usefixtures("late_2026")  # "filed on 2026-": the day of filing is the clock's
def test_filing_again_with_nothing_new_is_refused(sw, browse):
    client = browse(sw.reporter)
    file_through_page(client, sw, sw.campaign)
    response = file_through_page(client, sw, sw.campaign)
    assert "Nothing more has been received since the statistics were filed on 2026-" in (
        text_of(response)
    )
    assert Progress.objects.count() == 1


def test_the_service_refuses_without_a_campaign(gifts):
    with pytest.raises(services.DonationError):
        services.drive_file_statistics(user=gifts.reporter, drive=gifts.drive, version=1)
    assert nothing_filed(gifts)


# --- Linking the campaign --------------------------------------------------------------


def test_the_campaign_is_chosen_when_the_drive_is_created(dw, browse):
    campaign = published_campaign(dw)
    elsewhere = published_campaign(dw, year=2025, units=[dw.jingbian_bureau])
    client = browse(dw.reporter)
    form = text_of(client.get(reverse("donations:drive-create")))
    assert CAMPAIGN in form
    assert "2025年扶贫日系列活动" not in form  # the office takes no part in it

    data = {
        "unit": dw.yanchang_bureau.pk,
        "title": "2026年扶贫日募捐（二）",
        "period_start": "2026-09-01",
        "period_end": "2026-10-17",
        "stats_due": "2026-10-10",
    }
    refused = client.post(reverse("donations:drive-create"), {**data, "campaign": elsewhere.pk})
    assert refused.status_code == 200
    assert not Drive.objects.filter(title=data["title"]).exists()

    response = client.post(
        reverse("donations:drive-create"), {**data, "campaign": campaign.pk}, follow=True
    )
    drive = Drive.objects.get(title=data["title"])
    assert drive.campaign == campaign
    assert f"File statistics into {CAMPAIGN}'s closing summary" in text_of(response)


def test_the_campaign_is_linked_and_unlinked_on_the_drive_page(dw, browse):
    campaign = published_campaign(dw)
    client = browse(dw.reporter)
    url = reverse("donations:drive-campaign", args=[dw.drive.pk])

    response = client.post(url, {"campaign": campaign.pk}, follow=True)
    assert f"The drive is now linked to {CAMPAIGN}." in text_of(response)
    dw.drive.refresh_from_db()
    assert dw.drive.campaign == campaign

    response = client.post(url, {"campaign": ""}, follow=True)
    assert "The drive is no longer linked to a campaign." in text_of(response)
    dw.drive.refresh_from_db()
    assert dw.drive.campaign is None


def test_once_filed_the_drive_stays_linked(sw, browse):
    client = browse(sw.reporter)
    file_through_page(client, sw, sw.campaign)
    other = published_campaign(sw, year=2027)
    page = text_of(client.get(drive_url(sw.drive)))
    assert "Link campaign" not in page  # the form is gone

    response = client.post(
        reverse("donations:drive-campaign", args=[sw.drive.pk]), {"campaign": other.pk}, follow=True
    )
    assert (
        f"The statistics have been filed into {CAMPAIGN}, so the drive stays linked to it."
        in text_of(response)
    )
    sw.drive.refresh_from_db()
    assert sw.drive.campaign == sw.campaign


# --- Who may file ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_offices_reporter_and_approver_may_file(sw, browse, who):
    response = file_through_page(browse(getattr(sw, who)), sw, sw.campaign)
    assert "The donation statistics were filed" in text_of(response)
    assert Progress.objects.get().created_by == getattr(sw, who)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("neighbour_reporter", 404),  # another county guessing the drive's id
        ("outsider_reporter", 404),
        ("nobody", 404),  # a caring person: no role anywhere
        ("city_reviewer", 403),  # sees the drive, may not act
        ("province_admin", 403),  # may manage the drive, but does not file for the county
    ],
)
def test_others_may_not_file_or_link(sw, browse, who, status):
    client = browse(getattr(sw, who))
    version = summary_of(sw, sw.campaign).version
    assert client.post(statistics_url(sw.drive), {"version": version}).status_code == status
    if who != "province_admin":  # an administrator over the office may change the link
        url = reverse("donations:drive-campaign", args=[sw.drive.pk])
        assert client.post(url, {"campaign": ""}).status_code == status
    assert nothing_filed(sw)
    sw.drive.refresh_from_db()
    assert sw.drive.campaign == sw.campaign


@pytest.mark.parametrize("who", ["neighbour_reporter", "nobody"])
def test_outsiders_do_not_see_the_drive(sw, browse, who):
    assert browse(getattr(sw, who)).get(drive_url(sw.drive)).status_code == 404


def test_a_reviewer_sees_what_was_filed_but_no_buttons(sw, browse):
    file_through_page(browse(sw.reporter), sw, sw.campaign)
    page = text_of(browse(sw.city_reviewer).get(drive_url(sw.drive)))
    assert "by 王小燕: received ¥12,248.40 in all." in page
    assert "File statistics into" not in page
    assert "Link campaign" not in page


def test_the_anonymous_are_sent_to_sign_in(sw, client):
    response = client.post(statistics_url(sw.drive), {"version": 1})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert nothing_filed(sw)


@pytest.mark.parametrize("name", ["drive-statistics", "drive-campaign"])
def test_wrong_method(sw, browse, name):
    response = browse(sw.reporter).get(reverse(f"donations:{name}", args=[sw.drive.pk]))
    assert response.status_code == 405
    assert nothing_filed(sw)


# --- Demo data -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_drive_is_linked_to_the_poverty_day_series(client_for):
    from django.core.management import call_command

    from portal.models import User

    call_command("seed_demo", verbosity=0)
    drive = Drive.objects.get(title="延长县2026年扶贫日社会募捐活动")
    assert drive.campaign.title == "2020年扶贫日系列活动方案"
    client = client_for(User.objects.get(username="county_reporter"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text_of(client.get(drive_url(drive)))
    # The demo county's closing summary in that series is still open: the clerk can file.
    assert "File statistics into 2020年扶贫日系列活动方案's closing summary" in page
    summary = assignment_of(drive.campaign, drive.unit, summary=True)
    response = client.post(statistics_url(drive), {"version": summary.version}, follow=True)
    assert "The donation statistics were filed into the closing summary" in text_of(response)
    assert Progress.objects.filter(assignment=summary).count() == 1

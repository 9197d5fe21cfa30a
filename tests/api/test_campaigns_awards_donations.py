"""Campaigns with their assignments and progress, award programmes' final lists and the
donations' disclosed figures through the API: each person gets what the pages show them
(fetched from both and compared), another unit's or region's ids are a 404, and the
number of queries does not grow with the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    Category,
    Nomination,
    NominationStatus,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    Takes,
    Tier,
)
from donations import services as donation_services
from tests.api.builders import queries
from tests.campaigns.builders import assignment_of, file_progress, published_campaign
from tests.donations.conftest import build_dw, make_pledge, make_project, pay
from tests.national import two_provinces

PEOPLE = [
    "reporter",
    "approver",
    "neighbour_reporter",
    "outsider_reporter",
    "city_reviewer",
    "other_city_reviewer",
    "province_admin",
    "nobody",
]


# --- Campaigns -----------------------------------------------------------------------------


@pytest.fixture
def campaign(world):
    campaign = published_campaign(world)
    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    return campaign


CAMPAIGN_ACCESS = {
    # The whole plan for those its assignments reach; the cells of their own scope.
    "reporter": (200, {"延长县扶贫开发局"}),
    "approver": (200, {"延长县扶贫开发局"}),
    "neighbour_reporter": (200, {"延川县扶贫开发局"}),
    "outsider_reporter": (404, None),
    "city_reviewer": (200, {"延长县扶贫开发局", "延川县扶贫开发局"}),
    "other_city_reviewer": (404, None),
    "province_admin": (200, {"延长县扶贫开发局", "延川县扶贫开发局"}),
    "nobody": (404, None),
}


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_gets_the_campaign_their_page_shows(world, campaign, api_for, client_for, who):
    person = getattr(world, who)
    status, units = CAMPAIGN_ACCESS[who]
    api = api_for(person)
    response = api.get(f"/api/v1/campaigns/{campaign.pk}/")
    page = client_for(person).get(reverse("campaigns:campaign-detail", args=[campaign.pk]))
    assert response.status_code == page.status_code == status
    listed = api.get("/api/v1/campaigns/").json()
    assert [c["id"] for c in listed["results"]] == ([campaign.pk] if status == 200 else [])
    if status != 200:
        return
    data = response.json()
    assert {a["unit_name"] for a in data["assignments"]} == units
    matrix = page.context["matrix"]
    assert [a["id"] for a in data["assignments"]] == [a.pk for a in matrix["assignments"]]
    assert [(a["id"], Decimal(a["achieved"]), a["states"]) for a in data["activities"]] == [
        (r["activity"].pk, r["achieved"], r["counts"]) for r in matrix["rows"]
    ]
    assert [p["name"] for p in data["phases"]] == ["制定方案", "组织实施"]


def test_the_campaign_filters_are_the_pages(world, campaign, api_for):
    api = api_for(world.city_reviewer, language="en")
    url = f"/api/v1/campaigns/{campaign.pk}/"
    done = api.get(f"{url}?state=in_progress").json()
    assert [a["unit_name"] for a in done["assignments"]] == ["延长县扶贫开发局"]
    by_city = api.get(f"{url}?city={world.yulin.pk}")
    assert by_city.status_code == 400
    assert by_city.json()["errors"]["city"][0].startswith("Select a valid choice")
    assert api.get(f"{url}?state=lost").status_code == 400


def test_an_assignment_with_its_progress(world, campaign, api_for):
    assignment = assignment_of(campaign, world.yanchang_bureau)
    data = api_for(world.reporter).get(f"/api/v1/assignments/{assignment.pk}/").json()
    assert data["state"] == "in_progress" and data["unit_name"] == "延长县扶贫开发局"
    (progress,) = data["progress"]
    assert progress["text"] == "在延安日报发表报道两篇。" and progress["quantity"] == "2.00"
    assert progress["created_at"].endswith("+08:00")


def test_campaign_queries_stay_flat(world, api_for):
    campaign = published_campaign(world)
    api = api_for(world.province_admin)
    urls = ["/api/v1/campaigns/", f"/api/v1/campaigns/{campaign.pk}/"]
    small = [queries(api, url) for url in urls]
    published_campaign(world, year=2025, n_activities=4)
    bigger = published_campaign(world, year=2026, n_activities=1)
    for unit, reporter in [
        (world.yanchang_bureau, world.reporter),
        (world.yanchuan_bureau, world.neighbour_reporter),
    ]:
        file_progress(world, assignment_of(bigger, unit), user=reporter)
    urls[1] = f"/api/v1/campaigns/{bigger.pk}/"
    assert [queries(api, url) for url in urls] == small


# --- Award programmes' final lists -----------------------------------------------------------


def final_programme(world, organiser, *, title="脱贫攻坚奋进奖", winners=2, status=None):
    today = timezone.localdate()
    programme = Programme.objects.create(
        organiser=organiser,
        year=2026,
        title=title,
        kind=ProgrammeKind.COMMENDATION,
        status=status or ProgrammeStatus.FINAL,
        nomination_opens=today,
        nomination_closes=today,
        finalised_at=timezone.now(),
    )
    category = Category.objects.create(programme=programme, name="奋进奖", takes=Takes.PERSON)
    tier = Tier.objects.create(category=category, name="一等奖", quota=winners)
    for n in range(winners):
        Nomination.objects.create(
            programme=programme,
            category=category,
            unit=world.yanchang_bureau,
            status=NominationStatus.QUALIFIED,
            nominee_name=f"获奖者{n}",
            tier=tier,
            created_by=world.reporter,
        )
    Nomination.objects.create(
        programme=programme,
        category=category,
        unit=world.yanchuan_bureau,
        status=NominationStatus.QUALIFIED,
        nominee_name="未获奖者",
        created_by=world.reporter,
    )
    return programme


def test_a_final_list_is_the_public_notices(world, api_for, client):
    programme = final_programme(world, world.province_office)
    data = api_for(world.reporter).get(f"/api/v1/awards/{programme.pk}/").json()
    page = client.get(reverse("awards:notice", args=[programme.pk]))
    groups = page.context["groups"]
    shown = [w.pk for group in groups for tier in group["tiers"] for w in tier["winners"]]
    assert [w["id"] for w in data["winners"]] == shown
    assert data["winner_count"] == 2
    assert {w["title"] for w in data["winners"]} == {"获奖者0", "获奖者1"}
    assert data["winners"][0]["tier"] == "一等奖" and data["winners"][0]["category"] == "奋进奖"
    assert "未获奖者" not in str(data)
    assert "deeds" not in data["winners"][0]


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("reporter", {"省级", "延安市级"}),
        ("neighbour_reporter", {"省级", "延安市级"}),
        ("outsider_reporter", {"省级"}),
        ("city_reviewer", {"省级", "延安市级"}),
        ("other_city_reviewer", {"省级"}),
        ("province_admin", {"省级", "延安市级"}),
        ("nobody", set()),
    ],
)
def test_final_lists_of_the_persons_part_of_the_tree(world, api_for, who, seen):
    final_programme(world, world.province_office, title="省级")
    yanan = final_programme(world, world.yanan_office, title="延安市级")
    final_programme(world, world.province_office, title="公示中", status=ProgrammeStatus.NOTICE)
    api = api_for(getattr(world, who))
    listed = api.get("/api/v1/awards/").json()
    assert {p["title"] for p in listed["results"]} == seen
    expected = 200 if "延安市级" in seen else 404
    assert api.get(f"/api/v1/awards/{yanan.pk}/").status_code == expected


def test_another_provinces_list_is_a_404(world, api_for):
    nation = two_provinces(world)
    gansu = final_programme(world, nation["gansu_office"], title="甘肃省表彰")
    assert api_for(world.province_admin).get(f"/api/v1/awards/{gansu.pk}/").status_code == 404
    national = api_for(nation["national_reviewer"]).get("/api/v1/awards/").json()
    assert [p["title"] for p in national["results"]] == ["甘肃省表彰"]


def test_award_queries_stay_flat(world, api_for):
    api = api_for(world.reporter)
    first = final_programme(world, world.province_office, winners=1)
    urls = ["/api/v1/awards/", f"/api/v1/awards/{first.pk}/"]
    small = [queries(api, url) for url in urls]
    for n in range(4):
        final_programme(world, world.yanan_office, title=f"表彰{n}", winners=5)
    urls[1] = f"/api/v1/awards/{Programme.objects.latest('pk').pk}/"
    assert [queries(api, url) for url in urls] == small


# --- Donations' disclosed figures ------------------------------------------------------------


@pytest.fixture
def disclosed(world):
    dw = build_dw(world)
    project = make_project(dw)
    hidden = make_project(dw, publish=False, title="未发布项目")
    named = make_pledge(dw, amount="60000.00", designation="project", project=project)
    anonymous = make_pledge(
        dw,
        amount="800.50",
        designation="project",
        project=project,
        donor_type="individual",
        donor_name="王秀英",
        anonymous=True,
    )
    pay(dw, named, "60000.00")
    pay(dw, anonymous, "800.50")
    donation_services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    return {"dw": dw, "project": project, "hidden": hidden}


def test_a_project_has_its_public_pages_figures(world, disclosed, api_for, client):
    project = disclosed["project"]
    data = api_for(world.reporter).get(f"/api/v1/donations/projects/{project.pk}/").json()
    page = client.get(reverse("donations:public-project", args=[project.pk])).context
    shown = page["project"]
    assert data["budget"] == f"{shown.budget:.2f}" == "100000.00"
    assert data["received"] == f"{shown.received:.2f}" == "60800.50"
    assert data["still_needed"] == f"{shown.still_needed:.2f}"
    assert data["spent"] == f"{shown.spent:.2f}"
    assert [(d["name"], d["received"]) for d in data["donors"]] == [
        (d["name"], f"{d['received']:.2f}") for d in page["donors"]
    ]
    assert None in [d["name"] for d in data["donors"]]
    assert "王秀英" not in str(data) and "contact" not in str(data)
    assert data["spendings"] == []  # the use is not disclosed yet


def test_a_drive_has_its_disclosures_figures(world, disclosed, api_for, client):
    drive = disclosed["dw"].drive
    listed = api_for(world.reporter).get("/api/v1/donations/drives/").json()
    page = client.get(reverse("donations:public-drive", args=[drive.pk])).context
    (row,) = listed["results"]
    assert row["disclosed_total"] == f"{page['total']:.2f}" == "60800.50"
    assert row["disclosed_donors"] == page["donor_count"] == 2
    assert row["donors_disclosed_at"].endswith("+08:00")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("city_reviewer", 200),
        ("province_admin", 200),
        ("neighbour_reporter", 404),
        ("other_city_reviewer", 404),
        ("outsider_reporter", 404),
        ("nobody", 404),
    ],
)
def test_donations_of_the_persons_units_only(world, disclosed, api_for, who, status):
    api = api_for(getattr(world, who))
    project = disclosed["project"]
    # A project proposed by a township and screened by the county (the table in
    # tests/api/test_access.py has the county's own projects and drives).
    assert api.get(f"/api/v1/donations/projects/{project.pk}/").status_code == status
    listed = api.get("/api/v1/donations/projects/").json()
    assert [p["id"] for p in listed["results"]] == ([project.pk] if status == 200 else [])
    # Never a project that is not published.
    hidden = disclosed["hidden"]
    assert api.get(f"/api/v1/donations/projects/{hidden.pk}/").status_code == 404


def test_donation_queries_stay_flat(world, disclosed, api_for):
    dw = disclosed["dw"]
    api = api_for(world.city_reviewer)
    urls = ["/api/v1/donations/projects/", "/api/v1/donations/drives/"]
    small = [queries(api, url) for url in urls]
    for n in range(3):
        project = make_project(dw, title=f"新项目{n}")
        pay(dw, make_pledge(dw, amount="100.00", designation="project", project=project), "100")
        drive = donation_services.drive_create(
            user=dw.reporter,
            unit=dw.yanchang_bureau,
            title=f"募捐{n}",
            period_start=date(2026, 9, 1),
            period_end=date(2026, 10, 17),
        )
        donation_services.drive_disclose_donors(user=dw.reporter, drive=drive)
    assert [queries(api, url) for url in urls] == small

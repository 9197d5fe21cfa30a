"""The review page: a report's items with their decisions and points, the bulk and
per-item forms, adopt and return, and what changed since the previous submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.models import Attachment
from submissions import services
from tests.submissions.builders import (
    add_items,
    draft_report,
    item_data,
    png_bytes,
    submitted_report,
)


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(report):
    return reverse("submissions:report-review", args=[report.pk])


def test_anonymous_is_sent_to_login(world, client):
    report = submitted_report(world, n_items=1)
    assertRedirects(client.get(url(report)), f"{reverse('login')}?next={url(report)}")


def test_post_is_not_allowed(world, client_for):
    report = submitted_report(world, n_items=1)
    assert client_for(world.city_reviewer).post(url(report)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_reviewers_in_scope_see_the_page(world, client_for, who):
    report = submitted_report(world, n_items=3)
    response = client_for(getattr(world, who)).get(url(report))
    assert response.status_code == 200
    for item in report.items.all():
        assertContains(response, item.title)
    assertContains(response, reverse("submissions:items-bulk", args=[report.pk]))
    assertContains(response, reverse("submissions:report-adopt", args=[report.pk]))
    assertContains(response, reverse("submissions:report-return", args=[report.pk]))
    assertContains(response, f'name="version" value="{report.version}"')


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404(world, client_for, who):
    report = submitted_report(world, n_items=1)
    assert client_for(getattr(world, who)).get(url(report)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, who):
    report = submitted_report(world, n_items=1)
    assert client_for(getattr(world, who)).get(url(report)).status_code == 403


def test_unknown_report_is_404(world, client_for):
    response = client_for(world.city_reviewer).get(
        reverse("submissions:report-review", args=[999999])
    )
    assert response.status_code == 404


def test_a_draft_is_shown_without_review_forms(world, client_for):
    report = draft_report(world, n_items=2)
    response = client_for(world.city_reviewer).get(url(report))
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(zh("Draft") in m for m in messages), messages
    assertNotContains(response, reverse("submissions:items-bulk", args=[report.pk]))
    assertNotContains(response, reverse("submissions:report-adopt", args=[report.pk]))


def test_points_and_total_are_shown(world, client_for):
    from submissions.models import MediaLevel, MediaType, ScoringRule, ScoringYear

    scoring = ScoringYear.objects.create(year=2026)
    for item in item_data(0), item_data(1):
        ScoringRule.objects.create(
            scoring_year=scoring,
            media_level=item["media_level"],
            media_type=item["media_type"],
            points=7,
        )
    ScoringRule.objects.get_or_create(
        scoring_year=scoring,
        media_level=MediaLevel.CENTRAL,
        media_type=MediaType.ONLINE,
        defaults={"points": 3},
    )
    report = submitted_report(world, n_items=3)
    services.items_review_bulk(
        report=report,
        user=world.city_reviewer,
        item_ids=list(report.items.values_list("pk", flat=True)),
        result="adopted",
    )
    response = client_for(world.city_reviewer).get(url(report))
    items = response.context["items"]
    assert [item.final_points for item in items] == [item.points for item in items]
    assert response.context["total_points"] == sum(item.final_points for item in items)
    assert response.context["total_points"] > 0
    assertContains(response, f'data-testid="total-points">{response.context["total_points"]}<')


def test_what_changed_since_the_previous_submission(world, client_for):
    report = submitted_report(world, n_items=3)
    first, second, third = report.items.order_by("pk")
    services.report_return(
        report=report, user=world.city_reviewer, version=report.version, comment="请修改"
    )
    data = item_data(1) | {"outlet": "陕西日报农村版"}
    services.item_update(item=second, user=world.reporter, data=data, version=second.version)
    services.item_delete(item=third, user=world.reporter, version=third.version)
    (added,) = add_items(report, 1, user=world.reporter, start=5)
    report.refresh_from_db()
    report = services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    services.report_sign_off(report=report, user=world.approver, version=report.version)

    response = client_for(world.city_reviewer).get(url(report))
    changes = response.context["changes"]
    assert [a["title"] for a in changes["added"]] == [added.title]
    assert [r["title"] for r in changes["removed"]] == [third.title]
    (changed,) = changes["changed"]
    assert changed["title"] == second.title
    assert [(f["field"], f["old"], f["new"]) for f in changed["fields"]] == [
        ("outlet", "陕西日报", "陕西日报农村版")
    ]
    html = response.content.decode()
    assert 'data-testid="changes"' in html
    assert added.title in html and f"<del>{third.title}</del>" in html
    assert "<del>陕西日报</del> → <ins>陕西日报农村版</ins>" in html
    assert first.title in html


def test_no_comparison_after_the_first_submission(world, client_for):
    report = submitted_report(world, n_items=2)
    response = client_for(world.city_reviewer).get(url(report))
    assert response.context["changes"] is None
    assertNotContains(response, 'data-testid="changes"')


def _page_queries(client, report) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(report))
    assert response.status_code == 200
    return len(queries)


def test_queries_stay_flat_as_items_grow_tenfold(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.city_reviewer)
    small = submitted_report(world, n_items=20, quarter=2)
    big = submitted_report(world, n_items=200, quarter=3)
    # A second submission, decisions, an override and clippings on both, so every part of
    # the page shows.
    for report in (small, big):
        for item in report.items.order_by("pk")[:3]:
            item.clippings.add(
                Attachment.objects.create(
                    unit=report.unit,
                    file=SimpleUploadedFile("a.png", png_bytes()),
                    original_name="剪报.png",
                    content_type="image/png",
                    size=10,
                    uploaded_by=world.reporter,
                )
            )
        report = services.report_return(
            report=report, user=world.city_reviewer, version=report.version, comment="补充"
        )
        report = services.report_hand_to_approver(
            report=report, user=world.reporter, version=report.version
        )
        services.report_sign_off(report=report, user=world.approver, version=report.version)
        items = list(report.items.order_by("pk"))
        services.items_review_bulk(
            report=report,
            user=world.city_reviewer,
            item_ids=[i.pk for i in items[::2]],
            result="rejected",
            reason="重复报送",
        )
        services.item_review(
            item=items[1],
            user=world.city_reviewer,
            result="adopted",
            version=items[1].version,
            points_override=5,
            override_reason="重大典型",
        )
    _page_queries(client, small)  # the session and the language settle on the first request
    assert _page_queries(client, big) == _page_queries(client, small)
    response = client.get(url(big))
    assert len(response.context["items"]) == 200
    assert response.context["changes"] is not None
    assertContains(response, "剪报.png", count=3)


# The first two sample items: municipal and provincial newspapers, industry and cadres.
@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("zh-hans", ["市级媒体", "省级媒体", "报纸", "产业扶贫", "未采用", "未审核"]),
        (
            "en",
            [
                "Municipal media",
                "Provincial media",
                "Newspaper",
                "Industry (产业扶贫)",
                "Not adopted",
                "Not reviewed",
            ],
        ),
    ],
)
def test_choices_show_in_the_readers_language(world, client_for, settings, language, labels):
    report = submitted_report(world, n_items=2)
    first = report.items.order_by("pk").first()
    services.item_review(
        item=first, user=world.city_reviewer, result="rejected", version=1, reason="重复"
    )
    client = client_for(world.city_reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url(report))
    for label in labels:
        assertContains(response, label)


def test_reviewed_by_and_when_are_shown(world, client_for):
    report = submitted_report(world, n_items=1)
    item = report.items.get()
    services.item_review(
        item=item, user=world.province_reviewer, result="rejected", reason="非本季度", version=1
    )
    response = client_for(world.city_reviewer).get(url(report))
    assertContains(response, world.province_reviewer.get_full_name())
    assertContains(response, "非本季度")

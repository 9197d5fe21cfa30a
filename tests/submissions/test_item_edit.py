"""Editing an item: the reporter's own unit, while the report is editable, never over
someone else's newer change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertRedirects

from portal.journal import entries_for
from submissions import services
from submissions.services import ConcurrentEdit
from tests.submissions.builders import awaiting_report, draft_report, item_post, png_bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def item(world):
    return draft_report(world, n_items=2).items.order_by("pk").first()


def url(item):
    return reverse("submissions:item-edit", args=[item.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(item, client):
    response = client.get(url(item))
    assert response["Location"].startswith(reverse("login"))


def test_other_methods_are_not_allowed(world, item, client_for):
    assert client_for(world.reporter).delete(url(item)).status_code == 405


def test_reporter_sees_the_item_in_the_form(world, item, client_for):
    response = client_for(world.reporter).get(url(item))
    assert response.status_code == 200
    assertContains(response, f'value="{item.title}"')
    assertContains(response, f'name="version" value="{item.version}"')


def test_reporter_saves_a_change(world, item, client_for):
    data = item_post(0, title="延长县苹果产业带动三千户脱贫", version=item.version)
    response = client_for(world.reporter).post(url(item), data)
    assertRedirects(response, f"{detail(item.report)}#item-{item.pk}")
    old_version = item.version
    item.refresh_from_db()
    assert item.title == "延长县苹果产业带动三千户脱贫"
    assert item.version == old_version + 1
    assert entries_for(item.report).filter(action="submissions.item.changed").count() == 1


def test_a_clipping_can_be_added_while_editing(world, item, client_for):
    clip = SimpleUploadedFile("补充剪报.png", png_bytes(), content_type="image/png")
    data = {**item_post(0, version=item.version), "clippings": [clip]}
    client_for(world.reporter).post(url(item), data)
    assert [c.original_name for c in item.clippings.all()] == ["补充剪报.png"]
    response = client_for(world.reporter).get(url(item))
    assertContains(response, 'data-testid="current-clippings"')


def test_a_stale_version_shows_the_conflict_and_keeps_the_input(world, item, client_for):
    seen = item.version
    # Someone else saves first.
    services.item_update(
        item=item,
        user=world.reporter,
        data=services_data(item, title="别人先改的标题"),
        version=seen,
    )
    data = item_post(0, title="我改的标题", version=seen)
    response = client_for(world.reporter).post(url(item), data)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = str(ConcurrentEdit())
    assertContains(response, escape(expected))
    assertContains(response, 'value="我改的标题"')
    item.refresh_from_db()
    assert item.title == "别人先改的标题"


def test_a_date_outside_the_quarter_is_refused(world, item, client_for):
    data = item_post(0, published_on="2026-12-01", version=item.version)
    response = client_for(world.reporter).post(url(item), data)
    assert response.status_code == 200
    assert "published_on" in response.context["form"].errors
    item.refresh_from_db()
    assert str(item.published_on) != "2026-12-01"


def test_a_handed_on_report_is_not_editable(world, client_for):
    report = awaiting_report(world, n_items=1)
    item = report.items.get()
    client = client_for(world.reporter)
    assertRedirects(client.get(url(item)), detail(report), fetch_redirect_response=False)
    response = client.post(url(item), item_post(0, title="改", version=item.version))
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    item.refresh_from_db()
    assert item.title != "改"


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_reviewer"])
def test_others_in_scope_may_not_edit(world, item, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(url(item)).status_code == 403
    response = client.post(url(item), item_post(0, title="改", version=item.version))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title != "改"


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter", "other_city_reviewer"])
def test_another_units_item_is_404(world, item, client_for, who):
    assert client_for(getattr(world, who)).get(url(item)).status_code == 404


def services_data(item, **changes) -> dict:
    return {f: getattr(item, f) for f in services.ITEM_FIELDS} | changes

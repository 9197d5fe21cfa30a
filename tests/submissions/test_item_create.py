"""Adding an item on the report page: fast entry, clippings checked, nothing half-saved."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertRedirects

from portal.clock import CHINA
from portal.models import Attachment, Role
from submissions.models import Item
from tests.factories import person
from tests.submissions.builders import awaiting_report, draft_report, item_post, png_bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def url(report):
    return reverse("submissions:item-create", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def png(name="剪报.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_anonymous_is_sent_to_login(report, client):
    response = client.post(url(report), item_post(0))
    assert response["Location"].startswith(reverse("login"))
    assert not Item.objects.exists()


def test_opening_the_address_a_refused_save_leaves_shows_the_add_form(world, report, client_for):
    # After a refused save the browser shows .../items/new/; Enter there or a new tab GETs it.
    client = client_for(world.reporter)
    response = client.get(url(report))
    assertRedirects(response, detail(report) + "#add-item")
    assertContains(client.get(detail(report)), 'id="add-item"')


def test_someone_elses_report_stays_hidden_behind_the_add_address(world, report, client_for):
    assert client_for(world.neighbour_reporter).get(url(report)).status_code == 404


def test_every_mistake_is_told_at_once(world, report, client_for):
    data = item_post(0, title="", published_on="2026-01-15")  # no title, outside Q3
    response = client_for(world.reporter).post(url(report), data)
    errors = response.context["item_form"].errors
    assert set(errors) >= {"title", "published_on"}
    assertContains(response, "2026-07-01")  # the quarter's bounds, beside the date
    assert not Item.objects.exists()


def test_a_publication_date_after_today_is_refused(world, client_for):
    report = draft_report(world, n_items=0, year=2026, quarter=4)
    with time_machine.travel(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA), tick=False):
        response = client_for(world.reporter).post(
            url(report), item_post(0, year=2026, quarter=4, published_on="2026-12-25")
        )
        with translation.override("zh-hans"):
            assertContains(response, "刊发日期不能晚于今天")
        assert response.context["item_form"]["title"].value() == "延长县：苹果产业带动群众脱贫"
        assert not Item.objects.exists()
        today = client_for(world.reporter).post(
            url(report), item_post(0, year=2026, quarter=4, published_on="2026-12-05")
        )
        assert today.status_code == 302 and Item.objects.count() == 1


def test_reporter_adds_an_item_with_clippings(world, report, client_for, media_root):
    data = item_post(0, authors=[world.reporter.pk], clippings=[png("一版.png"), png("二版.png")])
    response = client_for(world.reporter).post(url(report), data)
    assertRedirects(response, detail(report) + "#add-item")
    item = Item.objects.get()
    assert item.title == "延长县：苹果产业带动群众脱贫"
    assert item.outlet == "延安日报"
    assert item.is_lead_story is True
    assert list(item.authors.all()) == [world.reporter]
    assert sorted(c.original_name for c in item.clippings.all()) == ["一版.png", "二版.png"]
    assert {c.unit for c in item.clippings.all()} == {world.yanchang_bureau}
    assert len(stored_files(media_root)) == 2
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "success"


def test_a_date_outside_the_quarter_is_explained_and_the_input_kept(world, report, client_for):
    data = item_post(0, title="七里村电商助农直播", published_on="2026-06-30")
    response = client_for(world.reporter).post(url(report), data)
    assert response.status_code == 200
    assert not Item.objects.exists()
    form = response.context["item_form"]
    (error,) = form.errors["published_on"]
    assert "2026-07-01" in error and "2026-09-30" in error
    assertContains(response, "2026-07-01")
    # What the reporter typed is still in the form.
    assertContains(response, 'value="七里村电商助农直播"')
    assertContains(response, 'value="2026-06-30"')


def test_a_text_file_named_pdf_is_refused_and_nothing_saved(world, report, client_for, media_root):
    fake = SimpleUploadedFile("剪报.pdf", "这不是PDF文件".encode() * 20, "application/pdf")
    response = client_for(world.reporter).post(url(report), {**item_post(0), "clippings": [fake]})
    assert response.status_code == 200
    assert not Item.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    (error,) = response.context["item_form"].errors["clippings"]
    assert "剪报.pdf" in error
    assertContains(response, 'value="延长县：苹果产业带动群众脱贫"')


def test_a_bad_file_is_refused_and_the_good_one_kept_for_the_next_try(
    world, report, client_for, media_root
):
    fake = SimpleUploadedFile("说明.pdf", b"plain text " * 50, "application/pdf")
    client = client_for(world.reporter)
    response = client.post(url(report), {**item_post(0), "clippings": [png(), fake]})
    assert response.status_code == 200
    assert "说明.pdf" in str(response.context["item_form"].errors["clippings"])
    assert not Item.objects.exists()
    kept = Attachment.objects.get()
    assert kept.content_type == "image/png"
    assert len(stored_files(media_root)) == 1
    assert kept.original_name in response.content.decode()

    # The clerk sends the form again without choosing the scan a second time.
    response = client.post(url(report), {**item_post(0), "kept_clippings": [str(kept.pk)]})
    assert response.status_code == 302
    assert list(Item.objects.get().clippings.all()) == [kept]


def test_a_good_clipping_is_kept_when_the_item_is_refused(world, report, client_for, media_root):
    client = client_for(world.reporter)
    data = {**item_post(0, published_on="2026-10-02"), "clippings": [png()]}
    response = client.post(url(report), data)
    assert response.status_code == 200
    assert "published_on" in response.context["item_form"].errors
    assert not Item.objects.exists()
    kept = Attachment.objects.get()
    assert [a.pk for a in response.context["kept_clippings"]] == [kept.pk]

    response = client.post(url(report), {**item_post(0), "kept_clippings": [str(kept.pk)]})
    assert response.status_code == 302
    assert list(Item.objects.get().clippings.all()) == [kept]


def test_another_persons_upload_cannot_be_claimed(world, report, client_for, media_root):
    client_for(world.reporter).post(
        url(report), {**item_post(0, published_on="2026-10-02"), "clippings": [png()]}
    )
    theirs = Attachment.objects.get()
    colleague = person("colleague", world.yanchang_bureau, Role.REPORTER)
    response = client_for(colleague).post(
        url(report), {**item_post(1), "kept_clippings": [str(theirs.pk), "not-a-uuid"]}
    )
    assert response.status_code == 302
    assert not Item.objects.get().clippings.exists()


def test_a_clipping_over_the_size_limit_is_refused(world, report, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 50
    response = client_for(world.reporter).post(url(report), {**item_post(0), "clippings": [png()]})
    assert response.status_code == 200
    assert "clippings" in response.context["item_form"].errors
    assert not Item.objects.exists()


def test_missing_fields_are_marked(world, report, client_for):
    response = client_for(world.reporter).post(url(report), item_post(0, title="", outlet=""))
    assert response.status_code == 200
    assert set(response.context["item_form"].errors) == {"title", "outlet"}
    assert not Item.objects.exists()


def test_a_refused_save_focuses_its_first_field_in_error(world, report, client_for):
    # Whoever saved came to add: the page opens at the first mistake (the title is fine).
    response = client_for(world.reporter).post(url(report), item_post(0, outlet=""))
    assertContains(response, "autofocus", count=1)
    assertContains(response, 'autofocus id="id_outlet"')
    # A refused file is the first mistake when every field was right.
    fake = SimpleUploadedFile("剪报.pdf", b"not a pdf" * 20, "application/pdf")
    response = client_for(world.reporter).post(url(report), {**item_post(0), "clippings": [fake]})
    assertContains(response, "autofocus", count=1)
    assert response.context["item_form"].focus_name() == "clippings"


def test_authors_must_belong_to_the_unit(world, report, client_for):
    data = item_post(0, authors=[world.outsider_reporter.pk])
    response = client_for(world.reporter).post(url(report), data)
    assert response.status_code == 200
    assert "authors" in response.context["item_form"].errors
    assert not Item.objects.exists()


def test_a_report_handed_on_takes_no_items(world, client_for):
    report = awaiting_report(world, n_items=1)
    response = client_for(world.reporter).post(url(report), item_post(5))
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert report.items.count() == 1
    (message,) = get_messages(response.wsgi_request)
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "This report has been handed on and can no longer be changed."
        )
    assert str(message) == expected


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_admin"])
def test_others_in_scope_may_not_add(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(url(report), item_post(0))
    assert response.status_code == 403
    assert not Item.objects.exists()


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter", "other_city_reviewer"])
def test_another_units_report_is_404(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(url(report), item_post(0))
    assert response.status_code == 404
    assert not Item.objects.exists()

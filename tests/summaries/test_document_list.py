"""The documents page: issued documents in the person's area, and the summaries' links."""

from django.urls import reverse

from tests.summaries.documents import province_summary, yanchang_printout

URL = reverse("summaries:document-list")


def test_overseers_see_region_documents_and_the_summaries(world, year_2026, client_for):
    summary = province_summary(world)
    printout = yanchang_printout(world, year_2026["yanchang"])
    html = client_for(world.province_admin).get(URL).content.decode()
    assert f'data-document="{summary.pk}"' in html
    assert f'data-document="{printout.pk}"' in html
    assert 'data-testid="year-end-link"' in html


def test_city_reviewer_sees_their_counties_printouts_not_the_province(world, year_2026, client_for):
    summary = province_summary(world)
    printout = yanchang_printout(world, year_2026["yanchang"])
    html = client_for(world.city_reviewer).get(URL).content.decode()
    assert f'data-document="{printout.pk}"' in html
    assert f'data-document="{summary.pk}"' not in html


def test_reporter_sees_only_their_units_printouts(world, year_2026, client_for):
    summary = province_summary(world)
    printout = yanchang_printout(world, year_2026["yanchang"])
    html = client_for(world.reporter).get(URL).content.decode()
    assert f'data-document="{printout.pk}"' in html
    assert f'data-document="{summary.pk}"' not in html
    assert 'data-testid="year-end-link"' not in html
    other = client_for(world.neighbour_reporter).get(URL).content.decode()
    assert f'data-document="{printout.pk}"' not in other


def test_someone_without_a_role_is_refused(world, client_for):
    assert client_for(world.nobody).get(URL).status_code == 403


def test_menu_shows_documents_to_overseers_only(world, client_for):
    assert URL in client_for(world.province_reviewer).get(reverse("home")).content.decode()
    assert f'href="{URL}"' not in client_for(world.reporter).get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).post(URL).status_code == 405

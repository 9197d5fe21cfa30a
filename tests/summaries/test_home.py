"""The home page's documents card: printouts for the unit, summaries for overseers."""

from django.urls import reverse

from tests.summaries.documents import province_summary


def test_reporter_gets_links_to_print_filed_reports(world, year_2026, client_for):
    html = client_for(world.reporter).get(reverse("home")).content.decode()
    assert reverse("summaries:unit-report", args=[world.yanchang_bureau.pk, 2026, 3]) in html
    assert reverse("summaries:year-end") not in html


def test_overseer_sees_the_latest_issued_documents(world, year_2026, client_for):
    document = province_summary(world, make=False)
    html = client_for(world.province_reviewer).get(reverse("home")).content.decode()
    assert reverse("summaries:year-end") in html
    assert reverse("summaries:document-detail", args=[document.pk]) in html
    other = client_for(world.city_reviewer).get(reverse("home")).content.decode()
    assert reverse("summaries:document-detail", args=[document.pk]) not in other


def test_nobody_sees_no_card(world, client_for):
    assert (
        'data-testid="summaries-home"'
        not in client_for(world.nobody).get(reverse("home")).content.decode()
    )

"""A refused award form comes back with what was typed and the reason beside it,
instead of a redirect that loses the numbers; nothing is written."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Programme, ProgrammeStatus, Score
from tests.awards.conftest import qualified_work


def card_of(response, nomination) -> str:
    content = response.content.decode()
    start = content.index(f'id="n{nomination.pk}"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def nomination(world, aw):
    return qualified_work(world, aw)


@pytest.mark.parametrize("bad", ["120", "abc", "NaN", ""])
def test_a_refused_score_keeps_the_numbers_typed(world, aw, client_for, nomination, bad):
    first, second = aw.criteria
    response = client_for(world.city_reviewer).post(
        reverse("awards:score", args=[nomination.pk]),
        {f"c{first.pk}": "87.5", f"c{second.pk}": bad},
    )
    assert response.status_code == 200
    card = card_of(response, nomination)
    assert 'value="87.5"' in card
    assert f'value="{bad}"' in card
    assert 'data-testid="score-error"' in card
    with translation.override("zh-hans"):
        expected = {
            "120": translation.gettext("Scores run from 0 to 100."),
        }.get(bad, translation.gettext("Score every criterion from 0 to 100."))
    assert expected in card
    assert not Score.objects.exists()


def test_only_the_refused_nomination_shows_the_error(world, aw, client_for, nomination):
    other = qualified_work(world, aw, title="另一篇")
    first, second = aw.criteria
    response = client_for(world.city_reviewer).post(
        reverse("awards:score", args=[nomination.pk]),
        {f"c{first.pk}": "90", f"c{second.pk}": "101"},
    )
    assert 'data-testid="score-error"' not in card_of(response, other)
    assert 'value="90"' not in card_of(response, other)


def test_a_copy_with_an_impossible_year_keeps_it_beside_its_error(world, aw, client_for):
    response = client_for(world.province_admin).post(
        reverse("awards:programme-copy", args=[aw.programme.pk]), {"year": "1999"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="copy-year-error"' in content
    assert 'value="1999"' in content
    assert Programme.objects.count() == 1


def test_finalising_too_early_keeps_the_circular_number(world, aw, client_for, published):
    response = client_for(world.province_admin).post(
        reverse("awards:programme-finalise", args=[published.programme.pk]),
        {"circular_number": "宜扶组〔2026〕5号"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="finalise-error"' in content
    assert 'value="宜扶组〔2026〕5号"' in content
    published.programme.refresh_from_db()
    assert published.programme.status == ProgrammeStatus.NOTICE

"""A refused award form comes back with what was typed and the reason beside it,
instead of a redirect that loses the numbers; nothing is written."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Score
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

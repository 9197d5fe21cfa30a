"""{% item_decision item %} gives, for every item, what its template
(submissions/review/_item_form.html) gives, though it renders the template once per page."""

from decimal import Decimal

import pytest
from django.template import Context, engines
from django.utils import translation

from submissions import services
from submissions.models import ReviewResult
from submissions.templatetags.decisions import TEMPLATE
from tests.submissions.builders import submitted_report

ROWS = {
    "tag": "{% load decisions %}{% for item in items %}{% item_decision item %}|{% endfor %}",
    "template": (
        "{% for item in items %}{% include '" + TEMPLATE + "' with form=None %}|{% endfor %}"
    ),
}


def render(name: str, context: dict) -> list[str]:
    template = engines["django"].from_string(ROWS[name])
    return template.template.render(Context(context)).split("|")


@pytest.fixture
def items(world):
    report = submitted_report(world, n_items=4)
    _first, second, third, _fourth = report.items.order_by("pk")
    services.item_review(
        item=second,
        user=world.city_reviewer,
        result="rejected",
        version=second.version,
        reason="重复 <b>\"报送\"</b> & '转载'",
    )
    services.item_review(
        item=third,
        user=world.city_reviewer,
        result="adopted",
        version=third.version,
        points_override=Decimal("12.5"),
        override_reason="省领导批示 <推广>",
    )
    return list(report.items.order_by("pk").select_related("report"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_row_is_what_the_template_renders(world, items, language):
    context = {
        "items": items,
        "report": items[0].report,
        "result_choices": ReviewResult,
        "csrf_token": "token",
    }
    with translation.override(language):
        tag, template = render("tag", context), render("template", context)
    assert tag == template
    # Each item's own values, escaped.
    assert f'name="item" value="{items[0].pk}"' in tag[0]
    assert "重复 &lt;b&gt;&quot;报送&quot;&lt;/b&gt; &amp; &#x27;转载&#x27;" in tag[1]
    assert 'value="12.50"' in tag[2] and "省领导批示 &lt;推广&gt;" in tag[2]
    assert f'name="version" value="{items[3].version}"' in tag[3]

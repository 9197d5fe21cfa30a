"""The review page's item rows ({% review_row %}, submissions/templatetags/item_rows.py): what
a row shows, escaped, and a cost per item that stays a few template nodes."""

from datetime import datetime
from decimal import Decimal

from django.template.base import Node
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from portal.models import Attachment
from submissions.models import Item, ReviewResult
from tests.submissions.builders import submitted_report


def url(report):
    return reverse("submissions:report-review", args=[report.pk])


def row_of(response, item) -> str:
    html = response.content.decode()
    start = html.index(f'<tr id="item-{item.pk}"')
    return html[start : html.index("</tr>", start)]


def test_a_row_shows_its_texts_escaped(world, client_for):
    report = submitted_report(world, n_items=2)
    first, second = report.items.order_by("number")
    when = timezone.make_aware(datetime(2026, 10, 2, 9, 30))
    Item.objects.filter(pk=first.pk).update(
        title='<b>"标题"</b>',
        campaign_tag="<i>春风</i>",
        notes="备注 & <u>",
        page="<p>",
        author_names="张三 & 李四",
        review_result=ReviewResult.REJECTED,
        rejection_reason="<重复>",
        reviewed_by=world.city_reviewer,
        reviewed_at=when,
    )
    Item.objects.filter(pk=second.pk).update(
        link="",
        review_result=ReviewResult.ADOPTED,
        points_override=Decimal("12.50"),
        override_reason='"重大" <典型>',
    )
    first.clippings.add(
        Attachment.objects.create(
            unit=report.unit,
            file="x/a.png",
            original_name="<剪报>.png",
            content_type="image/png",
            size=10,
            uploaded_by=world.reporter,
        )
    )
    response = client_for(world.city_reviewer).get(url(report))
    assertNotContains(response, "<b>")
    assertNotContains(response, "<u>")
    row = row_of(response, first)
    assert "&lt;b&gt;&quot;标题&quot;&lt;/b&gt;</a>" in row
    assert "产业扶贫 · &lt;i&gt;春风&lt;/i&gt;" in row
    assert '<span class="badge text-bg-warning">头版头条</span>' in row  # item 0 leads
    assert '<div class="small">备注 &amp; &lt;u&gt;</div>' in row
    assert "<div>延安日报 · &lt;p&gt;</div>" in row
    assert "市级媒体 · 报纸" in row
    assert "2026-07-01" in row
    assert f"{world.reporter.get_full_name()}、张三 &amp; 李四" in row
    assert '<span class="badge text-bg-danger">未采用</span>' in row
    assert 'data-testid="rejection-reason">&lt;重复&gt;</div>' in row
    assert f"{world.city_reviewer.get_full_name()} · 2026年10月2日 09:30" in row
    assert "&lt;剪报&gt;.png</a>" in row
    assert f'aria-labelledby="title-{first.pk}"' in row
    row = row_of(response, second)
    assert (
        f'<div class="fw-semibold" id="title-{second.pk}">驻村第一书记带领乡亲们走上致富路</div>'
        in row
    )
    assert '<span class="badge text-bg-success">已采用</span>' in row
    assert "12.50" in row
    assert 'title="&quot;重大&quot; &lt;典型&gt;"' in row
    assert "人工核定（按规则为0.00分）" in row


def test_rows_of_a_report_no_longer_in_review_have_no_forms(world, client_for):
    report = submitted_report(world, n_items=2)
    Item.objects.filter(report=report).update(review_result=ReviewResult.ADOPTED)
    report.status = "adopted"
    report.save(update_fields=["status"])
    response = client_for(world.city_reviewer).get(url(report))
    assertContains(response, 'data-testid="item-row"', count=2)
    assertNotContains(response, 'name="items"')
    assertNotContains(response, 'data-testid="item-review"')


def _nodes_rendered(client, report, monkeypatch) -> int:
    count = 0
    render_annotated = Node.render_annotated

    def counting(node, context):
        nonlocal count
        count += 1
        return render_annotated(node, context)

    with monkeypatch.context() as patch:
        patch.setattr(Node, "render_annotated", counting)
        assert client.get(url(report)).status_code == 200
    return count


def test_the_cost_per_item_stays_a_few_template_nodes(world, client_for, monkeypatch):
    """Each row is one tag: markup written back into the loop would cost hundreds of
    nodes per item again (it was about 360, three quarters of a 200-item page)."""
    client = client_for(world.city_reviewer)
    small = submitted_report(world, n_items=5, quarter=2)
    big = submitted_report(world, n_items=45, quarter=3)
    _nodes_rendered(client, small, monkeypatch)  # the session and language settle first
    per_item = (
        _nodes_rendered(client, big, monkeypatch) - _nodes_rendered(client, small, monkeypatch)
    ) / 40
    assert per_item <= 5

"""A refused issue form comes back on the preview with the header as typed and each error
beside its field, instead of a redirect that loses it; nothing is issued."""

import re

from django.urls import reverse

from summaries.models import IssuedDocument

HEADER = {
    "doc_number": "陕扶办〔2026〕12号",
    "issuer": "陕西省扶贫开发办公室",
    "issue_date": "2026-12-31",
    "title": "陕西省2026年度扶贫宣传工作总结（修订稿）",
}


def test_a_year_end_header_with_a_bad_date_keeps_what_was_typed(world, client_for):
    response = client_for(world.province_admin).post(
        reverse("summaries:year-end-issue", args=[world.province.pk, 2026]),
        {**HEADER, "issue_date": "2026-13-45"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_issue_date_error"' in content
    assert 'value="2026-13-45"' in content
    assert 'value="陕扶办〔2026〕12号"' in content
    assert 'value="陕西省2026年度扶贫宣传工作总结（修订稿）"' in content
    assert not IssuedDocument.objects.exists()


def test_a_quarterly_header_without_a_number_shows_the_error_beside_it(world, client_for):
    response = client_for(world.province_admin).post(
        reverse("summaries:quarterly-issue", args=[world.yanan.pk, 2026, 3]),
        {**HEADER, "doc_number": ""},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_doc_number_error"' in content
    assert re.search(r'value="陕西省扶贫开发办公室"', content)
    assert not IssuedDocument.objects.exists()

"""The API's documentation page meets WCAG 2.1 AA (axe-core) in both languages, on a desk
and on a phone. The crawl (test_accessibility.py) reaches it too, when a person's first
pages leave room for it; this audits it every time."""

import pytest

from tests.browser.people import sign_in
from tests.browser.test_accessibility import DESK, LANGUAGES, PHONE, Auditor, Findings
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_the_api_documentation_meets_wcag_aa(browser, live_server, transactional_db):
    UserFactory(username="county_developer")
    findings = Findings()
    for size_name, size in [("desk", DESK), ("phone", PHONE)]:
        auditor = Auditor(browser, live_server, size)
        sign_in(auditor.page, "county_developer")
        for language in LANGUAGES:
            auditor.speak(language)
            assert auditor.open("/api/v1/docs/")
            assert auditor.page.get_by_test_id("api-operation").count() > 20
            findings.add(auditor.audit(), f"{size_name} {language} /api/v1/docs/")
        auditor.close()
    assert findings.count == 4
    assert not findings.found, "\n" + findings.report()

"""The API's documentation page meets WCAG 2.1 AA (axe-core) in both languages, on a desk
and on a phone: a test for each size, which pytest-xdist's workers run side by side. The
page describes every operation and object of the API (some 6,000 elements), and axe-core
takes seconds over it. The crawl (test_accessibility.py) leaves it to these tests."""

import pytest

from tests.browser.axe_audit import LANGUAGES, SIZES, Auditor, Findings
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size_name", SIZES)
def test_the_api_documentation_meets_wcag_aa(browser, live_server, transactional_db, size_name):
    UserFactory(username="county_developer")
    findings = Findings()
    auditor = Auditor(browser, live_server, SIZES[size_name])
    auditor.sign_in("county_developer")
    for language in LANGUAGES:
        auditor.speak(language)
        assert auditor.open("/api/v1/docs/")
        assert auditor.page.get_by_test_id("api-operation").count() > 20
        findings.add(auditor.audit(), f"{size_name} {language} /api/v1/docs/")
    auditor.close()
    assert findings.count == 2
    assert not findings.found, "\n" + findings.report()

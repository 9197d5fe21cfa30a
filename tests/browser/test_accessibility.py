"""WCAG 2.1 AA in a real browser (China's GB/T 37668-2019 follows it): axe-core, the engine
behind most accessibility checkers, over the pages each demo person reaches from the menu and
the home page, in Chinese and in English, on a desk (1366 x 768) and on a phone (390 x 844),
and over the pages before signing in. Zero violations.

The demo people come in groups, and each group's pages in each language are one test, so
that pytest-xdist's workers audit them side by side. Kept short: within a test, each kind of
page (/units/12/ and /units/30/ are one template) is audited once per size, by the first
person of the group who reaches it; every person's own home page is audited. On a phone, the
home pages and the pages a clerk works in most. The API's documentation page is audited in
test_api_docs_accessibility.py, in both languages on both sizes."""

import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from front.management.commands.seed_demo import DEMO_PEOPLE
from tests.browser.axe_audit import DESK, LANGUAGES, PHONE, SIZES, Auditor, Findings
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Each group's people, and a number of pages that its test audits more of in either
# language: about two thirds of what the demo gives the group, so that fewer means the crawl
# stopped short. A kind of page that people of two groups reach is audited in both tests.
# The group with the most pages first: pytest-xdist hands out the longest tests first.
GROUPS = {
    "city-and-province": (["city_reviewer", "province_reviewer", "province_admin"], 35),
    "county-security-audit": (
        ["county_reporter", "county_approver", "security_admin", "audit_admin"],
        30,
    ),
}

# Links not followed: sign-out, files and downloads, what changes data or is polled, and
# Django's admin site, the API's raw schema (a YAML download) and its documentation page
# (test_api_docs_accessibility.py audits it; the tokens page, its only link out of the
# menu, is reached from the menu).
SKIP = re.compile(
    r"^/(admin|i18n|files|health|api/v1/schema|api/v1/docs)/|/accounts/(logout|session)/|"
    r"/two-factor/(setup|remove|recovery-codes)/|\.(pdf|xlsx)$|/(download|xlsx|export|print|"
    r"status|retry|photos|evidence|personal-data|read|read-all)/"
)
DEPTH = 2  # links followed from the home page: its menu and cards, and what they link to
PAGES_PER_PERSON = 40
# On a phone, besides each person's home page: where a clerk works.
PHONE_PAGES = {
    "/reports/reports/N/",
    "/reports/queue/",
    "/reports/reports/N/review/",
    "/campaigns/assignments/N/",
    "/notifications/",
}


def shape(path):
    return re.sub(r"/(\d+|[0-9a-f-]{36})(?=/)", "/N", path)


def links(auditor, path=None):
    """The paths the open page links to; or, without loading it in the browser, the page at
    `path` (a kind already audited, whose links may differ for this person)."""
    if path is None:
        hrefs = auditor.page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
        )
        base = auditor.page.url
    else:
        response = auditor.context.request.get(path, max_redirects=0)
        html = response.text() if response.ok else ""
        hrefs = re.findall(r'<a [^>]*href="([^"]+)"', html)
        base = auditor.base + path
    paths = []
    for href in hrefs:
        url = urlsplit(urljoin(base, href))
        same_site = url.netloc == urlsplit(auditor.base).netloc
        if same_site and not url.query and not SKIP.search(url.path):
            paths.append(url.path)
    return paths


def crawl(auditor, findings, username):
    """At the desk in the auditor's language: the home page and the pages reached from it,
    DEPTH links deep; each kind of page not yet audited is audited. Gives the paths audited."""
    language = auditor.language
    audited = findings.audited["desk", language]
    paths, frontier, seen = [], ["/"], set()
    for depth in range(DEPTH + 1):
        following = []
        for path in frontier:
            kind = shape(path)
            if kind in seen or len(paths) >= PAGES_PER_PERSON:
                continue
            seen.add(kind)
            if kind in audited and path != "/":
                if depth < DEPTH:
                    following += links(auditor, path)
                continue
            audited.add(kind)
            if not auditor.open(path):
                continue
            findings.add(auditor.audit(), f"desk {language} {username} {path}")
            paths.append(path)
            if depth < DEPTH:
                following += links(auditor)
        frontier = following
    return paths


@pytest.fixture
def demo(transactional_db):
    # Committed, for the live server's thread to read; emptied after the test.
    call_command("seed_demo", password=PASSWORD, stdout=StringIO())


def test_the_groups_hold_every_demo_person_once():
    grouped = [username for people, _ in GROUPS.values() for username in people]
    assert sorted(grouped) == sorted(person[0] for person in DEMO_PEOPLE)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("group", GROUPS)
def test_every_page_each_person_reaches_meets_wcag_aa(browser, live_server, demo, group, language):
    people, fewest = GROUPS[group]
    findings = Findings()
    desk = Auditor(browser, live_server, DESK)
    phone = Auditor(browser, live_server, PHONE)
    for username in people:
        desk.sign_in(username)
        desk.speak(language)
        paths = crawl(desk, findings, username)

        phone.sign_in_as(desk)
        phone.speak(language)
        audited = findings.audited["phone", language]
        for path in paths:
            kind = shape(path)
            if path == "/" or (kind in PHONE_PAGES and kind not in audited):
                audited.add(kind)
                if phone.open(path):
                    findings.add(phone.audit(), f"phone {language} {username} {path}")
    desk.close()
    phone.close()

    print(f"\naxe-core: {findings.count} pages audited")
    assert findings.count > fewest, "the crawl stopped short: fewer pages than the demo has"
    assert not findings.found, "\n" + findings.report()


def test_the_pages_before_signing_in_meet_wcag_aa(browser, live_server, demo):
    findings = Findings()
    for size_name, pages in [
        ("desk", ["/accounts/login/", "/donations/public/"]),
        ("phone", ["/accounts/login/"]),
    ]:
        auditor = Auditor(browser, live_server, SIZES[size_name])
        for language in LANGUAGES:
            auditor.speak(language)
            for path in pages:
                assert auditor.open(path), path
                findings.add(auditor.audit(), f"{size_name} {language} anonymous {path}")
        auditor.close()
    assert findings.count == 6
    assert not findings.found, "\n" + findings.report()

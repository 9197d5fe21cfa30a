"""WCAG 2.1 AA in a real browser (China's GB/T 37668-2019 follows it): axe-core, the engine
behind most accessibility checkers, over the pages each demo person reaches from the menu and
the home page, in Chinese and in English, on a desk (1366 x 768) and on a phone (390 x 844).
Zero violations.

Kept short: each kind of page (/units/12/ and /units/30/ are one template) is audited once per
language and size, by the first person who reaches it; every person's own home page is audited.
On a phone, the home pages and the pages a clerk works in most."""

import re
from collections import defaultdict
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from front.management.commands.seed_demo import DEMO_PEOPLE
from tests.browser.people import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# From node_modules (package.json's devDependencies): never a CDN, never served by the portal.
# Run as an init script, which the page's Content-Security-Policy does not apply to.
AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
RUN_AXE = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        resultTypes: ["violations"], iframes: false,
    });
    return {lang: document.documentElement.lang, violations: result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }))};
}"""

DESK = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LANGUAGES = {"zh-hans": "zh-CN", "en": "en"}
PEOPLE = [person[0] for person in DEMO_PEOPLE]

# Links not followed: sign-out, files and downloads, what changes data or is polled, and
# Django's admin site, the API's raw schema (a YAML download). (The API's documentation
# page is the portal's own: it is crawled.)
SKIP = re.compile(
    r"^/(admin|i18n|files|health|api/v1/schema)/|/accounts/(logout|session)/|/two-factor/(setup|remove|"
    r"recovery-codes)/|\.(pdf|xlsx)$|/(download|xlsx|export|print|status|retry|photos|"
    r"evidence|personal-data|read|read-all)/"
)
# Pages started from besides the home page: the API's documentation is linked only from the
# tokens page in the person's menu, a crawl of 40 pages may stop before it.
START_PAGES = ["/api/v1/docs/"]
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


class Auditor:
    """One browser context per person and size; a language is a cookie away."""

    def __init__(self, browser, live_server, size, signed_in=None):
        self.base = live_server.url
        self.context = browser.new_context(base_url=self.base, storage_state=signed_in, **size)
        self.context.add_init_script(path=AXE)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)

    def speak(self, language):
        self.language = language
        self.context.add_cookies([{"name": "django_language", "value": language, "url": self.base}])

    def open(self, path):
        """Whether `path` opened as an HTML page (200); a server error fails the test."""
        response = self.page.goto(path)
        assert response is None or response.status < 500, f"{response.status} at {path}"
        content_type = response.headers.get("content-type", "") if response else ""
        return response and response.status == 200 and content_type.startswith("text/html")

    def audit(self):
        result = self.page.evaluate(RUN_AXE)
        assert result["lang"] == LANGUAGES[self.language], (self.page.url, result["lang"])
        return result["violations"]

    def links(self, path=None):
        """The paths the open page links to; or, without loading it in the browser, the page
        at `path` (a kind already audited, whose links may differ for this person)."""
        if path is None:
            hrefs = self.page.eval_on_selector_all(
                "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
            )
            base = self.page.url
        else:
            response = self.context.request.get(path, max_redirects=0)
            html = response.text() if response.ok else ""
            hrefs = re.findall(r'<a [^>]*href="([^"]+)"', html)
            base = self.base + path
        paths = []
        for href in hrefs:
            url = urlsplit(urljoin(base, href))
            same_site = url.netloc == urlsplit(self.base).netloc
            if same_site and not url.query and not SKIP.search(url.path):
                paths.append(url.path)
        return paths

    def close(self):
        self.context.close()


class Findings:
    def __init__(self):
        self.audited = defaultdict(set)  # (size, language) -> shapes
        self.found = defaultdict(list)  # (rule, impact, help, target) -> pages
        self.count = 0

    def add(self, violations, where):
        self.count += 1
        for v in violations:
            for node in v["nodes"]:
                key = (v["id"], v["impact"], v["help"], node["target"])
                self.found[key].append((where, node["summary"]))

    def report(self):
        lines = [f"{len(self.found)} elements break a rule, on {self.count} pages audited:"]
        for (rule, impact, help_, target), pages in sorted(self.found.items()):
            lines.append(f"{rule} [{impact}] {target}: {help_}")
            lines.append(f"    {pages[0][1].splitlines()[-1].strip()}")
            shown = ", ".join(where for where, _ in pages[:4])
            lines.append(
                f"    on {shown}" + (f" and {len(pages) - 4} more" if len(pages) > 4 else "")
            )
        return "\n".join(lines)


def crawl(auditor, findings, username):
    """At the desk in Chinese: the home page and the pages reached from it, DEPTH links
    deep; each kind of page not yet audited is audited. Gives the paths audited."""
    audited = findings.audited["desk", "zh-hans"]
    paths, frontier, seen = [], ["/", *START_PAGES], set()
    for depth in range(DEPTH + 1):
        following = []
        for path in frontier:
            kind = shape(path)
            if kind in seen or len(paths) >= PAGES_PER_PERSON:
                continue
            seen.add(kind)
            if kind in audited and path != "/":
                if depth < DEPTH:
                    following += auditor.links(path)
                continue
            audited.add(kind)
            if not auditor.open(path):
                continue
            findings.add(auditor.audit(), f"desk zh-hans {username} {path}")
            paths.append(path)
            if depth < DEPTH:
                following += auditor.links()
        frontier = following
    return paths


@pytest.fixture
def demo(transactional_db):
    # Committed, for the live server's thread to read; emptied after the test.
    call_command("seed_demo", password=PASSWORD, stdout=StringIO())


def test_every_page_each_person_reaches_meets_wcag_aa(browser, live_server, demo):
    findings = Findings()
    # The first pages anyone sees, signed out.
    for size_name, size in [("desk", DESK), ("phone", PHONE)]:
        auditor = Auditor(browser, live_server, size)
        for language in LANGUAGES:
            auditor.speak(language)
            for path in ["/accounts/login/", "/donations/public/"][: 2 if size is DESK else 1]:
                assert auditor.open(path), path
                findings.add(auditor.audit(), f"{size_name} {language} anonymous {path}")
        auditor.close()

    for username in PEOPLE:
        desk = Auditor(browser, live_server, DESK)
        sign_in(desk.page, username)
        desk.speak("zh-hans")
        paths = crawl(desk, findings, username)
        desk.speak("en")
        for path in paths:
            if desk.open(path):
                findings.add(desk.audit(), f"desk en {username} {path}")
        signed_in = desk.context.storage_state()
        desk.close()

        phone = Auditor(browser, live_server, PHONE, signed_in)
        for language in LANGUAGES:
            phone.speak(language)
            audited = findings.audited["phone", language]
            for path in paths:
                kind = shape(path)
                if path == "/" or (kind in PHONE_PAGES and kind not in audited):
                    audited.add(kind)
                    if phone.open(path):
                        findings.add(phone.audit(), f"phone {language} {username} {path}")
        phone.close()

    print(f"\naxe-core: {findings.count} pages audited")
    assert findings.count > 100, "the crawl stopped short: fewer pages than the demo has"
    assert not findings.found, "\n" + findings.report()

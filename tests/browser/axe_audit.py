"""axe-core, the engine behind most accessibility checkers, in a real browser: the WCAG 2.1 A
and AA rules (China's GB/T 37668-2019 follows WCAG) over a page, in Chinese or in English, on
a desk (1366 x 768) or on a phone (390 x 844). For test_accessibility.py (the pages each demo
person reaches) and test_api_docs_accessibility.py (the API's documentation page)."""

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from tests.conftest import PASSWORD

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
SIZES = {"desk": DESK, "phone": PHONE}
LANGUAGES = {"zh-hans": "zh-CN", "en": "en"}


class Auditor:
    """A browser context of one size, and its page; a person and a language are cookies
    away."""

    def __init__(self, browser, live_server, size):
        self.base = live_server.url
        self.context = browser.new_context(base_url=self.base, **size)
        self.context.add_init_script(path=AXE)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)

    def sign_in(self, username):
        """Signs `username` in, in place of whoever was: the login form's request, as the
        browser sends it (the context's cookies), without drawing the form and the home page
        it leads to, which the audits open themselves."""
        self.context.clear_cookies()
        self.context.request.get("/accounts/login/")
        token = next(c["value"] for c in self.context.cookies() if c["name"] == "csrftoken")
        response = self.context.request.post(
            "/accounts/login/",
            form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            max_redirects=0,
        )
        landing = urlsplit(response.headers.get("location", ""))
        assert response.status == 302 and landing.path == "/", (username, response.status)

    def sign_in_as(self, other):
        """The person signed in in the `other` auditor's context, in this one."""
        self.context.clear_cookies()
        self.context.add_cookies(other.context.cookies())

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

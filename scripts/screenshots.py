"""Take screenshots of a running portal as each demo account sees it.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 screenshots/ [path ...]

Signs in as each demo account (password Demo@2026 unless DEMO_PASSWORD is set) and saves
<account>-<page>.png for the home page and each extra path given.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ACCOUNTS = ["county_reporter", "county_approver", "city_reviewer", "province_admin"]


def main(base_url: str, out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    password = os.environ.get("DEMO_PASSWORD", "Demo@2026")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for account in ACCOUNTS:
            context = browser.new_context(
                base_url=base_url, locale="zh-CN", viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", account)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            named = [(path.strip("/").replace("/", "-"), path) for path in paths]
            for name, path in [("home", "/"), *named]:
                page.goto(path)
                page.screenshot(path=str(out / f"{account}-{name}.png"), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])

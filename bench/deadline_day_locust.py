"""The people of deadline day, for locust (run by bench/deadline_day.py, which writes the
accounts file named by DEADLINE_DAY_ACCOUNTS and reads the results file afterwards).

- A county reporter signs in and files its report's items through the real pages: half of
  them one item at a time on the report page (as htmx sends it), half twenty rows at a time
  in the grid. Each counts the items the portal said it saved.
- A reviewer signs in and works the queue: the queue's first page, then a 200-item report.
"""

import itertools
import json
import os
import random
import re
import threading
from datetime import date, timedelta

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["DEADLINE_DAY_ACCOUNTS"], encoding="utf-8") as accounts:
    ACCOUNTS = json.load(accounts)
RESULTS = os.environ["DEADLINE_DAY_RESULTS"]
ITEMS = int(os.environ.get("DEADLINE_DAY_ITEMS", "200"))
GRID_ROWS = 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')
FIRST_DAY = date.fromisoformat(ACCOUNTS["first_day"])
SPAN = int(ACCOUNTS["days"])

_reporters = iter(ACCOUNTS["reporters"])
_reviewers = itertools.cycle(ACCOUNTS["reviewers"])
_lock = threading.Lock()
saved: dict[str, int] = {}
finished: set[int] = set()


def _day(n: int) -> str:
    return (FIRST_DAY + timedelta(days=n % SPAN)).isoformat()


class SignedIn(HttpUser):
    abstract = True

    def sign_in(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post(
            "/accounts/login/",
            {"username": username, "password": ACCOUNTS["password"], "csrfmiddlewaretoken": token},
            name="sign in",
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise StopUser()


class Reporter(SignedIn):
    abstract = True
    wait_time = between(0.5, 1.5)  # typing the next headline

    def on_start(self):
        with _lock:
            account = next(_reporters, None)
        if account is None:
            raise StopUser()
        self.report = account["report"]
        self.filed = 0
        self.sign_in(account["username"])
        page = self.client.get(f"/reports/reports/{self.report}/", name="report page")
        self.csrf = CSRF.search(page.text).group(1)

    def item(self, n: int) -> dict:
        return {
            "title": f"报告{self.report}第{n + 1}条：苹果产业带动群众脱贫",
            "outlet": "延安日报",
            "media_level": "municipal",
            "media_type": "newspaper",
            "published_on": _day(n),
            "category": "industry",
        }

    def count(self, n: int) -> None:
        self.filed += n
        with _lock:
            saved[str(self.report)] = saved.get(str(self.report), 0) + n
        if self.filed >= ITEMS:
            finished.add(self.report)
            if len(finished) == len(ACCOUNTS["reporters"]):
                # Every county has filed: the day is over for the reviewers too.
                gevent.spawn_later(1, self.environment.runner.quit)
            raise StopUser()


class OneAtATime(Reporter):
    """Files on the report page, one item per save, as the page's htmx sends it."""

    fixed_count = len(ACCOUNTS["reporters"]) // 2

    @task
    def file_one(self):
        with self.client.post(
            f"/reports/reports/{self.report}/items/new/",
            {**self.item(self.filed), "csrfmiddlewaretoken": self.csrf},
            headers={"HX-Request": "true", "X-Form-Clean": "1"},  # as the page sends it
            name="item save (report page)",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200 and 'data-testid="item-added"' in answer.text:
                answer.success()
                saved = True
            else:
                answer.failure("the item was not saved")  # an error, not a fast answer
                saved = False
        if saved:
            self.count(1)


class InTheGrid(Reporter):
    """Files in the grid, twenty rows per save."""

    fixed_count = len(ACCOUNTS["reporters"]) - len(ACCOUNTS["reporters"]) // 2

    @task
    def file_twenty(self):
        page = self.client.get(
            f"/reports/reports/{self.report}/items/grid/?rows={GRID_ROWS}", name="grid page"
        )
        rows = min(GRID_ROWS, ITEMS - self.filed)
        data = {
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "token": TOKEN.search(page.text).group(1),
            "rows": str(GRID_ROWS),
            "action": "save",
        }
        labels = {"media_level": "市级媒体", "media_type": "报纸", "category": "产业扶贫"}
        for row in range(rows):
            for field, value in self.item(self.filed + row).items():
                data[f"r{row}-{field}"] = labels.get(field, value)
        with self.client.post(
            f"/reports/reports/{self.report}/items/grid/",
            data,
            name="grid save (20 items)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            saved = answer.status_code == 302
            if saved:
                answer.success()
            else:
                answer.failure("the rows were not saved")
        if saved:
            self.count(rows)


class Reviewer(SignedIn):
    wait_time = between(1, 3)  # reading
    fixed_count = len(ACCOUNTS["reviewers"])

    def on_start(self):
        with _lock:
            username = next(_reviewers)
        self.sign_in(username)

    @task
    def work_the_queue(self):
        self.client.get("/reports/queue/", name="reviewer queue")
        report = random.choice(ACCOUNTS["submitted"])
        self.client.get(f"/reports/reports/{report}/review/", name="review page (200 items)")


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump(saved, out)

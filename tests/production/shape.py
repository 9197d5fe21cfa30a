"""The production shape on loopback: gunicorn, a prefork Celery worker, beat, a Redis of
its own and an SMTP sink, each a real process (the sink a thread of the test), sharing the
test database and a media folder, configured only through the environment as on a host.

The processes are started once and serve all the tests of a module, as they serve request
after request on a host; `Shape.fresh` readies them for the next test.
"""

import contextlib
import fcntl
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis
from celery import Celery

from tests.production.smtp_sink import Sink

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = "production-shape-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"
# The mail timeout the processes run with: a mail left "sending" by a dead worker is
# mailed again after 2 × 5 + 30 = 40 s (notifications.services.SENDING_LEASE).
EMAIL_TIMEOUT = 5
# Small, as a test should wait on nothing long; it does not shorten the lease of a document
# job (make_document sets its own 120 s limit). Its soft limit (30 s earlier) must stay above
# a batch of 25 mails at the slow sink's 0.25 s each: a batch cut off by it would leave the
# rest of its mails to the next reminder run's catch-up.
TASK_TIME_LIMIT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, what: str, every: float = 0.05, logs=None):
    """Poll `condition` until it returns something true (returned) or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            tails = logs() if logs else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")
        time.sleep(every)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 30) -> str:
        text = "\n".join(self.log_text().splitlines()[-lines:])
        return f"--- {self.name} ({self.log}) ---\n{text}\n"

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        """Signal the process and every process it started (its session's group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)

    def stop(self, timeout: float = 15) -> None:
        if self.running():
            self.kill_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        # Whatever is left of the group (a pool child outliving its parent) goes too.
        self.kill_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)


@dataclass
class Response:
    status: int
    location: str
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


@dataclass
class Shell:
    """A `manage.py shell` waiting for its line on its standard input (Shape.shell)."""

    popen: subprocess.Popen

    def run(self, line: str, timeout: float = 60) -> str:
        """Send the shell its line; its standard output once it has run."""
        output, errors = self.popen.communicate(line + "\n", timeout=timeout)
        if self.popen.returncode:
            raise AssertionError(f"the shell failed:\n{output}\n{errors}")
        return output

    def close(self) -> None:
        """End a shell that was never told to run (its test failed first)."""
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.communicate()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser against gunicorn: cookies kept, redirects not followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def _csrf(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode()
        # Only ever http://127.0.0.1:<port>, our own gunicorn.
        request = urllib.request.Request(self.base_url + path, data=body, method=method)  # noqa: S310
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, headers, content = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            status, headers, content = answer.code, answer.headers, answer.read()
        return Response(status, headers.get("Location", ""), content, time.monotonic() - started)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        if not self._csrf():
            self.get("/accounts/login/")
        return self.request("POST", path, data)

    def sign_in(self, username: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})


class Shape:
    """Starts and stops the processes. Every process gets the same environment, as every
    host of the README's production shape reads the same /etc/portal.env."""

    def __init__(self, *, tmp: Path, database_url: str, static_root: Path):
        self.tmp = tmp
        self.static_root = static_root
        self.smtp_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.media_root = tmp / "media"
        self.media_root.mkdir()
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "FONTCONFIG_PATH"}
        self.env = {key: value for key, value in os.environ.items() if key in keep}
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.production.shape_settings",
            SHAPE_STATIC_ROOT=str(static_root),
            PYTHONPATH=str(BASE_DIR),
            PYTHONUNBUFFERED="1",
            SECRET_KEY=SECRET_KEY,
            # The test database's personal data is encrypted with the test settings' key.
            PERSONAL_DATA_KEY=os.environ["PERSONAL_DATA_KEY"],
            DEBUG="false",
            HTTPS="false",
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=database_url,
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_TIMEOUT=str(EMAIL_TIMEOUT),
            CELERY_TASK_TIME_LIMIT=str(TASK_TIME_LIMIT),
            # Beat's sweep every 5 s rather than every minute: the tests wait for what it
            # hands over after an outage, not for the clock.
            JOBS_SWEEP_SECONDS="5",
            MEDIA_ROOT=str(self.media_root),
            PORTAL_URL=self.web_url,
            LOG_LEVEL="INFO",
            # These tests are about jobs, mail and documents surviving failures, not about
            # sign-in: the reviewers and administrators they sign in as have no authenticator
            # (tests/portal/test_two_factor.py proves the second step).
            TWO_FACTOR_ROLES="",
        )
        self.sink = Sink()
        self.redis: Process | None = None
        self.web: Process | None = None
        self.worker: Process | None = None
        self.beats: list[Process] = []
        self._workers_started = 0
        self._shells: list[Shell] = []

    # --- processes -------------------------------------------------------------------
    def _spawn(self, name: str, *command: str) -> Process:
        log = self.tmp / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(  # noqa: S603 (our own commands)
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return Process(name, popen, log)

    def logs(self) -> str:
        processes = [self.redis, self.web, self.worker, *self.beats]
        return "".join(p.tail() for p in processes if p is not None)

    def start(self) -> None:
        self.sink.start(self.smtp_port)
        # The collected files are the same for every shape of a test run: collected once, by
        # the first pytest-xdist worker to get here while the others wait.
        with (self.static_root.parent / f"{self.static_root.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (self.static_root / "staticfiles.json").exists():
                self.run_command("manage.py", "collectstatic", "--noinput", "-v", "0")
        self.start_redis()
        # Every process starts at once, as on separate hosts; then each is waited for.
        self.web = self._spawn(
            "gunicorn",
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.web_port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            # The application is loaded once, in the master, and each worker forked from it
            # (gunicorn_conf.py imports the views there too): one Django start-up, not one
            # a worker, and no worker slow to answer its first request.
            "--preload",
            "--config",
            str(Path(__file__).with_name("gunicorn_conf.py")),
        )
        worker = self.spawn_worker()
        # Two beats, as when a second one was started by mistake on another host.
        self.beats = [self._beat(1), self._beat(2)]
        browser = Browser(self.web_url)
        wait_until(
            lambda: self._answers(browser),
            timeout=60,
            what="gunicorn to answer",
            every=0.1,
            logs=self.logs,
        )
        self.wait_ready(worker)
        for beat in self.beats:
            wait_until(
                lambda beat=beat: "Starting..." in beat.log_text(),
                timeout=60,
                what=f"{beat.name} to start",
                logs=self.logs,
            )

    @staticmethod
    def _answers(browser: Browser) -> bool:
        try:
            return browser.get("/accounts/login/").status == 200
        except OSError:
            return False

    def _beat(self, number: int) -> Process:
        return self._spawn(
            f"beat-{number}",
            str(BIN / "celery"),
            "-A",
            "portal",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(self.tmp / f"celerybeat-schedule-{number}"),
            "--pidfile",
            str(self.tmp / f"beat-{number}.pid"),
        )

    def spawn_worker(self) -> Process:
        self._workers_started += 1
        number = self._workers_started
        self.worker = self._spawn(
            f"worker-{number}",
            str(BIN / "celery"),
            "-A",
            "portal",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--hostname",
            f"shape{number}@%h",
        )
        return self.worker

    def wait_ready(self, worker: Process) -> Process:
        wait_until(
            lambda: " ready." in worker.log_text(),
            timeout=60,
            what=f"{worker.name} to be ready",
            logs=self.logs,
        )
        return worker

    def start_redis(self) -> None:
        self.redis = self._spawn(
            "redis",
            "redis-server",
            "--port",
            str(self.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        )
        client = redis.Redis(port=self.redis_port, socket_connect_timeout=1)
        wait_until(self._pings(client), timeout=20, what="redis-server", every=0.1)

    @staticmethod
    def _pings(client):
        def ping() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        return ping

    def stop_redis(self) -> None:
        assert self.redis is not None
        self.redis.stop()

    def fresh(self) -> None:
        """Ready the running shape for its next test: the mail and the cache of the test
        before are forgotten, a shell it left waiting ends, and what it left stopped (when it
        failed half-way) starts again."""
        self.sink.clear()
        for shell in self._shells:
            shell.close()
        self._shells.clear()
        assert self.redis is not None and self.web is not None and self.worker is not None
        if not self.redis.running():
            self.start_redis()
        if not self.worker.running():
            self.wait_ready(self.spawn_worker())
        assert self.web.running() and all(beat.running() for beat in self.beats), self.logs()
        client = redis.Redis(port=self.redis_port, socket_connect_timeout=1)
        with contextlib.closing(client):
            stale = list(client.scan_iter(match="portal:*"))  # the cache's KEY_PREFIX
            if stale:
                client.delete(*stale)

    def stop(self) -> None:
        """Kill every process at once: no test is about how they stop, and stopping them
        gracefully takes gunicorn seconds and each Python process part of a second of a core."""
        for shell in self._shells:
            shell.close()
        processes = [p for p in [self.web, *self.beats, self.worker, self.redis] if p is not None]
        for process in processes:
            process.kill_group(signal.SIGKILL)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(5)
        self.sink.stop()

    # --- commands, as an operator runs them on a host --------------------------------
    def run_command(self, *command: str, timeout: float = 60) -> str:
        """`python <command>` with the hosts' environment; its standard output."""
        done = subprocess.run(  # noqa: S603 (our own commands)
            [sys.executable, *command],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> Shell:
        """`manage.py shell -c code`, as on a worker host, started now and run on `Shell.run`:
        Django starts while the test goes on. `code` reads the line that `run` sends with
        `input()`, after its imports."""
        popen = subprocess.Popen(  # noqa: S603 (our own commands)
            [sys.executable, "manage.py", "shell", "--verbosity", "0", "--command", code],
            cwd=BASE_DIR,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        shell = Shell(popen)
        self._shells.append(shell)
        return shell

    def send_task(self, task: str, *args) -> None:
        """Send `task(*args)` through the broker by name, as beat and `celery call` do."""
        client = Celery(
            "shape-client", broker=self.env["REDIS_URL"], fixups=[], set_as_current=False
        )
        try:
            client.send_task(task, args=list(args))
        finally:
            client.close()

    def browser(self) -> Browser:
        return Browser(self.web_url)

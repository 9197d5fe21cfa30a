"""Settings come from the environment through strict readers.

The settings a process reads at start-up are checked in fresh processes, started by
`fresh_python`, which the other tests that need a fresh Django process share."""

import atexit
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]

# --- Fresh processes ------------------------------------------------------------------
#
# A Python process that starts Django spends about 2 s of CPU, most of it importing the
# libraries (Django's own modules, WeasyPrint, fontTools, openpyxl, Celery, DRF, ...) before
# it reads a setting. A fork server imports those once per test process, with no settings
# and no DJANGO_SETTINGS_MODULE (a module that read a setting as it is imported would fail
# there), and forks a child for each run, which then takes its environment, arguments and
# working folder and runs as `python <args>` would from there on: the settings, the
# project's modules and the apps are read in the child, from its environment alone.

PRELOADED = [
    "django.core.management",
    "django.db.models",
    "django.forms",
    "django.template",
    "django.contrib.admin",
    "weasyprint",
    "fontTools.subset",
    "openpyxl",
    "psycopg2",
    "celery",
    "kombu",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "requests",
    "PIL.Image",
    "yaml",
    "segno",
    "magic",
    "prometheus_client",
    "sqlparse",
]

FORK_SERVER = """
import atexit, contextlib, ctypes.util, functools, gc, importlib, json, os, runpy, sys, threading

for name in sys.argv[1:]:
    importlib.import_module(name)
# ctypes' find_library runs ldconfig and more for each name it is given. GeoDjango asks it
# for GDAL under a dozen names in each process that maps the API's filter fields (the
# schema check of `check --deploy`), and here finds none (the import fails): the answers are
# the machine's, the same in every child, so they are looked up once, here.
ctypes.util.find_library = functools.cache(ctypes.util.find_library)
with contextlib.suppress(Exception):
    importlib.import_module("django.contrib.gis.db.models")
from django.conf import settings
assert not settings.configured, "a preloaded module configured the settings"
# What is loaded stays loaded: the children's garbage collections need not look at it.
gc.freeze()
print("ready", flush=True)

for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid:
        status = os.waitpid(pid, 0)[1]
        print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
        continue
    # The child: from here on, `python *args` in `cwd` with the environment `env`.
    for fd, path, flags in [
        (0, os.devnull, os.O_RDONLY),
        (1, job["stdout"], os.O_WRONLY),
        (2, job["stderr"], os.O_WRONLY),
    ]:
        os.dup2(os.open(path, flags), fd)
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    args = job["args"]
    code = 0
    try:
        if args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            sys.path[0] = ""
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = args
            sys.path[0] = os.path.dirname(os.path.abspath(args[0]))
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as stop:
        # As the interpreter reads sys.exit's argument.
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    # The end of any process: waiting for its threads, the exit functions, the output. The
    # interpreter's own teardown (freeing every module) is skipped: it changes nothing seen.
    threading._shutdown()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
"""


class _ForkServer:
    def __init__(self):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (the server's, while it lives)
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", FORK_SERVER, *PRELOADED],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            start_new_session=True,
        )
        self._answer(timeout=60)
        atexit.register(self.close)

    def _answer(self, timeout: float) -> str:
        # A selector, not select.select: a test process may hold descriptors past 1023.
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.close()
            self.errors.seek(0)
            raise RuntimeError(
                f"the fork server ended, or gave no answer within {timeout} s:\n"
                + self.errors.read().decode(errors="replace")
            )
        return line

    def run(self, args, *, env, cwd, timeout) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            out.touch()
            err.touch()
            job = {"args": list(args), "env": env, "cwd": str(cwd)}
            job.update(stdout=str(out), stderr=str(err))
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            returncode = json.loads(self._answer(timeout))
            return subprocess.CompletedProcess(
                args,
                returncode,
                out.read_text(errors="replace"),
                err.read_text(errors="replace"),
            )

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


_server: _ForkServer | None = None


def fresh_python(*args: str, env: dict, cwd=ROOT, timeout: float = 120):
    """`python *args` in a fresh process with only `env`, as subprocess.run(...,
    capture_output=True, text=True) gives it (a CompletedProcess), forked from a server that
    has imported the libraries but no settings (see above)."""
    global _server  # one per test process, started when first needed
    if _server is None or _server.process.poll() is not None:
        _server = _ForkServer()
    try:
        return _server.run(args, env=env, cwd=cwd, timeout=timeout)
    except RuntimeError:
        _server = None
        raise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("PORTAL_TEST_FLAG", raw)
    assert env_bool("PORTAL_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("raw", ["maybe", "ture", "2", "enabled"])
def test_env_bool_rejects_anything_else(monkeypatch, raw):
    monkeypatch.setenv("PORTAL_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_FLAG"):
        env_bool("PORTAL_TEST_FLAG", default=False)


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("PORTAL_TEST_FLAG", raising=False)
    assert env_bool("PORTAL_TEST_FLAG", default=True) is True
    assert env_bool("PORTAL_TEST_FLAG", default=False) is False


def test_env_int_reads_numbers_and_defaults(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_NUMBER", "42")
    assert env_int("PORTAL_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("PORTAL_TEST_NUMBER", "  ")
    assert env_int("PORTAL_TEST_NUMBER", 7) == 7
    monkeypatch.delenv("PORTAL_TEST_NUMBER")
    assert env_int("PORTAL_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "20MB", "0x10"])
def test_env_int_rejects_non_integers(monkeypatch, raw):
    monkeypatch.setenv("PORTAL_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_NUMBER"):
        env_int("PORTAL_TEST_NUMBER", 7)


def test_env_list_and_str(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_LIST", "a.example.cn, b.example.cn,,")
    assert env_list("PORTAL_TEST_LIST", []) == ["a.example.cn", "b.example.cn"]
    monkeypatch.delenv("PORTAL_TEST_LIST")
    assert env_list("PORTAL_TEST_LIST", ["x"]) == ["x"]
    assert env_str("PORTAL_TEST_LIST", "fallback") == "fallback"


def _load_settings(**env):
    """Import the production settings in a fresh interpreter with only `env` set."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    clean.update(DJANGO_SETTINGS_MODULE="portal.settings", **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return fresh_python("-c", code, env=clean, timeout=60)


def test_settings_refuse_to_load_without_secret_key():
    result = _load_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_load_with_a_secret_key():
    result = _load_settings(SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"  # DEBUG defaults to off


def test_debug_demo_runs_without_a_secret_key():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("UPLOAD_MAX_MB", "lots")])
def test_settings_refuse_a_misspelt_value(name, value):
    result = _load_settings(SECRET_KEY="x" * 60, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def _manage(*args):
    return fresh_python("manage.py", *args, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})


def test_a_command_that_serves_nothing_runs_without_a_secret_key():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_deploy_check_still_needs_a_secret_key():
    result = _manage("check", "--deploy")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

"""Settings come from the environment through strict readers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


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
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


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
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_command_that_serves_nothing_runs_without_a_secret_key():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_deploy_check_still_needs_a_secret_key():
    result = _manage("check", "--deploy")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

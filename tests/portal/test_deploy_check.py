"""Django's deployment checklist passes with production settings, over HTTPS and on an
intranet served over plain HTTP."""

import os
import secrets

from tests.portal.test_env import fresh_python


def _check_deploy(**env):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "PERSONAL_DATA_KEY": secrets.token_hex(16),
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "PORTAL_URL": "https://portal.example.gov.cn",
        **env,
    }
    clean = {name: value for name, value in clean.items() if value is not None}
    # A fresh process each time: the settings read the environment as they are imported.
    return fresh_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=clean)


def test_deploy_check_passes_with_production_settings():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_passes_with_https_on():
    result = _check_deploy(HTTPS="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def test_deploy_check_passes_on_an_intranet_over_plain_http():
    # README allows HTTPS=false there: the four HTTPS warnings do not apply, and only they
    # are silenced.
    result = _check_deploy(
        HTTPS="false",
        ALLOWED_HOSTS="portal.intranet",
        PORTAL_URL="http://portal.intranet",
        DEBUG="false",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(4 silenced)" in result.stdout


def test_over_plain_http_the_other_warnings_still_count():
    result = _check_deploy(HTTPS="false", SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_deploy_check_passes_behind_a_tls_proxy():
    result = _check_deploy(BEHIND_TLS_PROXY="true", PROXY_COUNT="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_catches_a_weak_secret_key():
    result = _check_deploy(SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_deploy_check_warns_when_portal_url_is_left_unset():
    # Unset, mail links and certificate QR codes would point to http://localhost:8000.
    result = _check_deploy(PORTAL_URL=None)
    assert result.returncode != 0
    assert "portal.W030" in result.stdout + result.stderr
    assert "PORTAL_URL" in result.stdout + result.stderr


def test_deploy_check_warns_when_portal_url_is_not_the_host_served():
    result = _check_deploy(PORTAL_URL="https://portal.example.com")
    assert result.returncode != 0
    assert "portal.W032" in result.stdout + result.stderr

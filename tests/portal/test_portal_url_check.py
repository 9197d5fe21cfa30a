"""PORTAL_URL, which mail links and certificate QR codes lead to, is checked at deployment
(check --deploy) and told at the start of the web and worker processes."""

import logging

import pytest
from django.test import override_settings

from portal.checks import check_portal_url, warn_at_start

SERVED = ["portal.example.gov.cn"]


def ids(url, hosts=SERVED):
    with override_settings(PORTAL_URL=url, ALLOWED_HOSTS=hosts):
        return [warning.id for warning in check_portal_url()]


@pytest.mark.parametrize(
    "url", ["https://portal.example.gov.cn", "http://portal.example.gov.cn:8080/"]
)
def test_the_address_served_passes(url):
    assert ids(url) == []


@pytest.mark.parametrize(
    "url", ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]/", "", "http://0.0.0.0"]
)
def test_unset_or_this_machine_warns(url):
    assert ids(url, hosts=[*SERVED, "localhost", "127.0.0.1"]) == ["portal.W030"]


def test_a_host_not_served_warns():
    assert ids("https://portal.example.com") == ["portal.W032"]


def test_a_subdomain_pattern_in_allowed_hosts_is_served():
    assert ids("https://www.example.gov.cn", hosts=[".example.gov.cn"]) == []


@pytest.mark.parametrize("url", ["portal.example.gov.cn", "ftp://portal.example.gov.cn", "http://"])
def test_not_an_http_address_warns(url):
    assert ids(url) == ["portal.W031"]


def test_the_processes_say_it_at_start_outside_debug(caplog):
    with (
        override_settings(DEBUG=False, PORTAL_URL="http://localhost:8000"),
        caplog.at_level(logging.WARNING, logger="portal.checks"),
    ):
        warn_at_start()
    assert "portal.W030" in caplog.text and "PORTAL_URL" in caplog.text


def test_a_developer_is_not_told(caplog):
    with (
        override_settings(DEBUG=True, PORTAL_URL="http://localhost:8000"),
        caplog.at_level(logging.WARNING, logger="portal.checks"),
    ):
        warn_at_start()
    assert caplog.text == ""

"""Deployment checks of the portal's own settings (`check --deploy`), also told at the
start of the web and worker processes, which run no checks of their own."""

import ipaddress
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

log = logging.getLogger(__name__)

HINT = (
    "Set PORTAL_URL to the address people open the portal at, e.g. https://portal.example.gov.cn."
)


@checks.register(checks.Tags.security, deploy=True)
def check_portal_url(app_configs=None, **kwargs):
    """Mail sent by workers and the QR codes on certificates link to PORTAL_URL (there is
    no request to take the host from): left unset it is http://localhost:8000, and every
    such link leads nowhere without a word."""
    url = settings.PORTAL_URL or ""
    if not url.strip():
        return [
            checks.Warning(
                "PORTAL_URL is empty: links in mail and the QR codes on certificates have "
                "no address to lead to.",
                hint=HINT,
                id="portal.W030",
            )
        ]
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return [
            checks.Warning(
                f"PORTAL_URL {url!r} is not an http(s) address: links in mail and the QR "
                "codes on certificates will not work.",
                hint=HINT,
                id="portal.W031",
            )
        ]
    if _this_machine(host):
        return [
            checks.Warning(
                f"PORTAL_URL is {url} (unset?): links in mail and the QR codes on "
                "certificates point at the reader's own machine, not the portal.",
                hint=HINT,
                id="portal.W030",
            )
        ]
    if not validate_host(host, settings.ALLOWED_HOSTS):
        return [
            checks.Warning(
                f"PORTAL_URL's host {host} is not one this portal serves (ALLOWED_HOSTS): "
                "links in mail and the QR codes on certificates lead elsewhere.",
                hint=HINT + " Or add its host to ALLOWED_HOSTS.",
                id="portal.W032",
            )
        ]
    return []


def _this_machine(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def warn_at_start() -> None:
    """Log what the deployment checks of PORTAL_URL find, once per process start, outside
    DEBUG (a developer's http://localhost:8000 is right)."""
    if settings.DEBUG:
        return
    for warning in check_portal_url():
        log.warning("%s: %s %s", warning.id, warning.msg, warning.hint)

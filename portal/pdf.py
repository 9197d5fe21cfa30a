"""Printed documents: our templates rendered to PDF with WeasyPrint.

API
---
``render_pdf(template_name, context, *, metadata=None) -> bytes``
    Render ``template_name`` with ``render_to_string(template_name, context)`` and lay it
    out with WeasyPrint. ``metadata`` adds custom entries to the PDF's document
    information dictionary (keys are reduced to ASCII letters and digits, values are
    strings), e.g. ``{"SnapshotSHA256": digest}``; the HTML's ``<title>``,
    ``<meta name="author|description|keywords">`` fill the standard entries.

``PortalURLFetcher``
    The only way WeasyPrint reaches outside the template. It serves
    ``https://portal.invalid/static/...`` (what a relative ``/static/...`` URL resolves to,
    because ``render_pdf`` uses ``BASE_URL`` as the document's base URL) from the
    portal's own static files, found through ``django.contrib.staticfiles`` finders (or
    the collected ``STATIC_ROOT``), and ``data:`` URLs. Every other URL (``file://``,
    ``http(s)://`` anywhere, a static path outside the static files) is refused, so a
    URL that came from the data (an item's link, a unit's name with markup) can never
    make the renderer read a local file or call the network.

Layout
------
``templates/pdf/official.html`` is the official-document base (GB/T 9704-2012, 党政机关
公文格式): A4, margins 37/26/35/28 mm (type area 156 x 225 mm), the issuing office in red
35 mm below the top of the type area, the document number (发文字号, "〔2026〕12号"), a
red line 4 mm below it, the title in 22 pt bold serif, the body in 16 pt Fang/Kai-like
type, page numbers "— 1 —" in 14 pt 7 mm below the type area (right on odd pages, left
on even), the issuing office and date at the end, tables whose rows never split and
whose headers repeat. Extend it and fill the blocks; its context:

- ``issuer``: issuing office name (red header and signature); empty for drafts, which
  are marked as such unless ``printout`` is true (a record printed for an archive)
- ``doc_number``: e.g. "陕扶办〔2026〕12号"; empty for drafts
- ``doc_title``: the title
- ``issue_date``: a ``date``, printed with Arabic numerals as 2026年1月15日
- ``snapshot_hash``: printed once, in the colophon (版记) at the end (optional; put it in
  the metadata too)
- blocks: ``extra_style`` (CSS), ``body`` (the text), ``closing`` (after the signature)

Fonts come from fontconfig by family name (portal/pdf_fonts.py adds the portal's font
folders): the body in 仿宋 (an office's 仿宋_GB2312, else the free FandolFang that
``./dev setup`` fetches, else "AR PL UKai CN" from Debian), the title in 方正小标宋简体 or
"Noto Serif CJK SC" bold, first-level headings in 黑体 (SimHei, FandolHei, Noto Sans CJK),
second-level ones in 楷体 (KaiTi_GB2312, FandolKai, AR PL UKai); all embedded (subset).
A title longer than a line is balanced over its lines (``balanced_title``).
The document language is zh-CN so the Simplified Chinese glyph forms are chosen.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from portal import pdf_fonts

# Before WeasyPrint (Pango, fontconfig) looks for its first font.
pdf_fonts.configure(settings.PDF_FONT_DIRS)

# WeasyPrint reports each layout step at INFO (even while importing): noise in the
# worker's and commands' logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# A host that can never resolve (RFC 2606): relative URLs in our templates resolve to it,
# and the fetcher answers it from the static files without any network access.
BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """The renderer asked for something other than the portal's own static files."""


def _static_file(url_path: str) -> Path:
    static_url = urlsplit(settings.STATIC_URL).path or "/static/"
    if not url_path.startswith(static_url):
        raise RefusedURL(f"not a static file: {url_path}")
    name = posixpath.normpath(unquote(url_path[len(static_url) :]))
    if name.startswith(("/", "..")) or "\x00" in name:
        raise RefusedURL(f"not a static file: {url_path}")
    found = finders.find(name)
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    if root is not None:
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise RefusedURL(f"no such static file: {url_path}")


class PortalURLFetcher(URLFetcher):
    """Serves only the portal's static files and data: URLs (see the module docstring)."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != urlsplit(BASE_URL).netloc:
            raise RefusedURL(f"refused URL: {url}")
        path = _static_file(parts.path)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


def render_pdf(template_name: str, context: dict, *, metadata: dict | None = None) -> bytes:
    """Render a template to PDF bytes; no I/O beyond our templates and static files.

    Official documents are in Chinese whoever asks for them and whichever worker makes
    them: the same frozen figures always give the same document."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher())
    if not metadata:
        return document.write_pdf()

    def add_metadata(_document, pdf):
        import pydyf

        for key, value in metadata.items():
            key = "".join(ch for ch in key if ch.isascii() and ch.isalnum())
            if key:
                pdf.info[key] = pydyf.String(str(value))

    return document.write_pdf(finisher=add_metadata)

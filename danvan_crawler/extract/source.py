"""The page a one-off command reads: a saved file or an http(s) URL, as bytes, checked first.

``extract``, ``links``, ``snapshot`` and ``genspider`` read pages through ``load_source``;
what is plainly not an HTML page (a PDF, an image, an archive, a program, a file with no
markup, one over the crawler's size limit) is a PageFailure before any decoding, so each
command answers it in one line. Text pages are then decoded by ``extract.page``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from danvan_crawler.extract.fetch import fetch_page
from danvan_crawler.extract.page import PageFailure
from danvan_crawler.settings import DOWNLOAD_MAXSIZE

# Programs are binary data ("undecodable", as a crawl counts them); documents, archives and
# images are files where a page should be ("not_html").
_PROGRAMS = ((b"\x7fELF", "a program (ELF)"), (b"MZ", "a Windows program"))
# What a file's first bytes say it is, when that is not a text page.
_FILES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
# Any tag an HTML page has somewhere (pages in UTF-16 are not served by the portals).
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|div|p|a|table|ul|span|meta|title)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SourcePage:
    body: bytes
    content_type: str | None  # the server's, None for a file
    url: str  # the page's URL: after redirects, or the file's file:// URL


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _too_large(kind: str, max_bytes: int) -> PageFailure:
    return PageFailure("too_large", f"{kind} is over the {max_bytes / 2**20:g} MiB page size limit")


def check_html(body: bytes, *, kind: str = "page", max_bytes: int = DOWNLOAD_MAXSIZE) -> None:
    """PageFailure unless ``body`` can be an HTML page."""
    if len(body) > max_bytes:
        raise _too_large(kind, max_bytes)
    for reason, kinds in (("undecodable", _PROGRAMS), ("not_html", _FILES)):
        what = next((what for magic, what in kinds if body.startswith(magic)), None)
        if what:
            raise PageFailure(reason, f"{kind} is {what}, not an HTML page")
    if not body.strip():
        raise PageFailure("empty_page", f"{kind} is empty")
    if not _MARKUP.search(body):
        raise PageFailure("not_html", f"{kind} has no HTML markup")


def load_source(
    source: str,
    *,
    url: str | None = None,
    kind: str = "page",
    max_bytes: int = DOWNLOAD_MAXSIZE,
    timeout: float = 30,
) -> SourcePage:
    """The bytes of ``source`` (a file or an http(s) URL), checked by ``check_html``.

    ``url`` names the page when ``source`` is a saved file. FetchError when a URL cannot
    be fetched, OSError when a file cannot be read, PageFailure when it is no HTML page.
    """
    if is_url(source):
        page = fetch_page(source, timeout=timeout, max_bytes=max_bytes)
        body, content_type, page_url = page.body, page.content_type, url or page.url
    else:
        path = Path(source)
        if path.stat().st_size > max_bytes:  # not read into memory at all
            raise _too_large(kind, max_bytes)
        body, content_type, page_url = path.read_bytes(), None, url or path.resolve().as_uri()
    check_html(body, kind=kind, max_bytes=max_bytes)
    return SourcePage(body, content_type, page_url)

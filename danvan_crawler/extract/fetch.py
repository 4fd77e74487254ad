"""One-off page fetches for operator commands (genspider, snapshot, extract).

Crawls go through Scrapy; these commands fetch one or two pages, where a plain urllib
GET is simpler. Decoding uses w3lib's ``html_to_unicode``, as Scrapy's responses do.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from w3lib.encoding import html_to_unicode

USER_AGENT = "danvan-crawler/0.1 (+https://github.com/danvan-crawler; research crawler)"


class FetchError(Exception):
    """A page that could not be fetched; one-line message."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    status: int
    html: str
    body: bytes
    encoding: str


def fetch_page(url: str, *, timeout: float = 30) -> FetchedPage:
    """GET ``url`` and decode it like Scrapy would; FetchError on any failure."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            content_type = response.headers.get("Content-Type", "")
            final_url, status = response.geturl(), response.status
    except urllib.error.HTTPError as err:
        raise FetchError(f"cannot fetch {url}: HTTP {err.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise FetchError(f"cannot fetch {url}: {getattr(err, 'reason', err)}") from None
    encoding, html = html_to_unicode(content_type, body)
    return FetchedPage(final_url, status, html, body, encoding)

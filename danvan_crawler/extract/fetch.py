"""One-off page fetches for operator commands (genspider, snapshot, extract).

Crawls go through Scrapy; these commands fetch one or two pages, where a plain urllib
GET is simpler. The bytes are returned as fetched: ``extract.page`` decodes them.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from danvan_crawler.settings import USER_AGENT


class FetchError(Exception):
    """A page that could not be fetched; one-line message."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str


def fetch_page(url: str, *, timeout: float = 30, max_bytes: int | None = None) -> FetchedPage:
    """GET ``url`` with the crawler's User-Agent; FetchError on any failure.

    With ``max_bytes``, reads at most one byte more than that (a longer body shows as too long).
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read() if max_bytes is None else response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
            final_url, status = response.geturl(), response.status
    except urllib.error.HTTPError as err:
        raise FetchError(f"cannot fetch {url}: HTTP {err.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise FetchError(f"cannot fetch {url}: {getattr(err, 'reason', err)}") from None
    return FetchedPage(final_url, status, body, content_type)

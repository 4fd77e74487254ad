"""Offline fixtures of a spider's pages: the HTML and the extraction it must keep giving.

One folder per fixture, ``<root>/<spider>/<slug>/`` with ``page.html`` (the bytes as
fetched, decoded to UTF-8) and ``expected.json``. Tests discover every folder and
re-extract, so a portal's behaviour is pinned without the network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from danvan_crawler.extract.listing import read_listing
from danvan_crawler.extract.page import PageFailure, read_page

DEFAULT_ROOT = Path("tests") / "fixtures" / "spiders"
FIELDS = ("title", "published", "author", "section", "text", "content_hash")


def expected_fields(html: str, url: str, spider) -> dict:
    """What ``spider`` (a class) reads from the page, as in expected.json; PageFailure for a non-article."""
    result = read_page(
        html.encode("utf-8"),
        url,
        content_type="text/html; charset=utf-8",
        profile=spider.site_profile(),
        section=next(iter(spider.sections), None),
        site_name=spider.site_name,
    )
    if isinstance(result, PageFailure):
        raise result
    data = result.to_dict()
    fields = {name: data.get(name) for name in FIELDS}
    fields["images"] = len(data.get("images") or [])
    fields["fallbacks"] = list(result.fallbacks)
    return fields


def listing_links(html: str, url: str, spider) -> list[str]:
    """Article links ``spider`` finds on a listing page (its selectors, else the heuristics)."""
    return read_listing(html, url, spider.site_profile()).article_links


def slug_for(url: str) -> str:
    parts = urlsplit(url)
    tail = (parts.path.rstrip("/").rsplit("/", 1)[-1] or "index") + ("-" + parts.query if parts.query else "")
    return re.sub(r"[^A-Za-z0-9]+", "-", tail).strip("-")[:60] or "page"


def save_fixture(root: Path, spider, url: str, html: str, *, kind: str = "article") -> Path:
    """Write ``page.html`` and ``expected.json`` for one page of ``spider`` (a class); the folder.

    PageFailure, and nothing written, when an article page is not an article.
    """
    meta = {"spider": spider.name, "url": url, "kind": kind}
    if kind == "article":
        meta["expected"] = expected_fields(html, url, spider)
    else:
        meta["expected"] = {"article_links": listing_links(html, url, spider)}
    folder = Path(root) / spider.name / slug_for(url)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text(html, encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return folder


def discover(root: Path = DEFAULT_ROOT) -> list[Path]:
    """Every fixture folder under ``root``."""
    return sorted(p.parent for p in Path(root).glob("*/*/expected.json"))

"""What a listing page shows beside each article link: its anchor text and printed date.

A crawl hands these to the article's reader (``extract.page.read_page(listing=...)``): the
anchor text confirms the article's title, the date is the article's date of last resort.
"""

from __future__ import annotations

from urllib.parse import urljoin

from parsel import Selector

from danvan_crawler.extract.candidates import ListingHint
from danvan_crawler.extract.dates import DateError, parse_date
from danvan_crawler.extract.layout import squash_text

# The item around a link: its date is printed in the same list item, row or box.
_ITEM_TAGS = ("li", "tr", "article", "div", "p", "dd")


def listing_hints(sel: Selector, base_url: str, urls: list[str]) -> dict[str, ListingHint]:
    """{url: ListingHint} for the ``urls`` a listing links to (the first link to each)."""
    wanted = set(urls)
    hints: dict[str, ListingHint] = {}
    for anchor in sel.root.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = urljoin(base_url, href) if href else None
        if url not in wanted or url in hints:
            continue
        text = squash_text("".join(anchor.itertext()))
        if not text:
            continue
        hints[url] = ListingHint(text, _date_beside(anchor))
    return hints


def _date_beside(anchor) -> str | None:
    item = anchor.getparent()
    while item is not None and item.tag not in _ITEM_TAGS:
        item = item.getparent()
    if item is None or len(item.findall(".//a")) > 3:
        return None
    text = squash_text("".join(item.itertext()))
    try:
        parse_date(text, use_dateparser=False)
    except DateError:
        return None
    return text

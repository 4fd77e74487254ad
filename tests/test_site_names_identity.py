"""The article reader's site names come from the links that go home, found without resolving
every link (``PageFacts._home_anchors``); they are checked here against resolving them all.

``_href_shape`` is a superset test on an href's raw text: it may keep hrefs that do not go
home (they are resolved and dropped), but it must never drop one that does, from any page.
"""

from __future__ import annotations

import random
from urllib.parse import urljoin, urlsplit

import pytest

from danvan_crawler.extract.candidates import _HOME_PATHS, PageFacts, _anchor_text, _href_shape, norm_key
from danvan_crawler.extract.layout import squash_text
from danvan_crawler.extract.pagesel import PageSelector, parse_html

PAGES = [
    "http://example.vn/",
    "http://example.vn/index.php",
    "http://example.vn/index.php?option=com_content&id=7",
    "http://example.vn/trang-chu/",
    "https://Example.VN:8443/tin-tuc/bai-1.html?p=2#top",
    "http://example.vn/a/b/c/",
    "http://example.vn/a/index.aspx;jsessionid=1",
    "http://example.vn",
]
# Pieces hrefs are made of: the home segments, dot segments, slashes, schemes and hosts,
# queries and fragments, params, and the whitespace and control characters strip() and
# urlsplit() remove.
PIECES = [
    "index.html", "index.php", "index.aspx", "default.aspx", "trang-chu", "Index.php", "index.php.bak",
    "tin-tuc", "bai-1.html", "a", "", ".", "..", "/", "/", "//", "///", "?", "#", "?p=1", "#top",
    ";", ";x", ":", "http:", "https:", "HTTP:", "javascript:", "mailto:", "http://", "//", "example.vn",
    "other.vn:80", "user@host", " ", "\t", "\n", "\r", "\xa0", "\u3000", "\x0b", "\x1f", "\x00", "%2e",
    "\\", "tel:", "ftp://", "..%2f", "trang-chu.html", "&", "=",
]  # fmt: skip


def home_path(page: str, raw: str) -> bool:
    """The plain computation: the link's target path is a home path."""
    href = raw.strip()
    if not href:
        return False
    try:
        path = urlsplit(urljoin(page, href)).path
    except ValueError:
        return False
    return path.rstrip("/") in _HOME_PATHS


def random_hrefs(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(PIECES, k=rng.randint(1, 7))) for _ in range(count)]


@pytest.mark.parametrize("page", PAGES)
def test_no_href_that_goes_home_is_dropped(page):
    hrefs = random_hrefs(len(page), 20_000)
    missed = [h for h in hrefs if home_path(page, h) and not _href_shape(h)]
    assert not missed
    # The test draws enough hrefs that go home, and enough that are dropped, to mean something.
    assert sum(home_path(page, h) for h in hrefs) > 200
    assert sum(not _href_shape(h) for h in hrefs) > 2_000


def test_common_links_are_dropped_and_home_links_kept():
    dropped = ("", "/tin-tuc/bai-1.html", "https://example.vn/b.html?id=3", "bai-2.html#x", "/trang-chu.htm")
    for href in dropped:
        assert _href_shape(href) == 0, href
    for href in ("/", "http://example.vn", "//example.vn/", "/index.php?lang=vi", "./", "../..", "#", " /x"):
        assert _href_shape(href) == 1, href


def _resolved_site_names(facts: PageFacts) -> set[str]:
    """Site names from every link resolved (the computation ``_home_anchors`` shortens)."""
    names = {facts.given_site_name, facts.sel.css("meta[property='og:site_name']::attr(content)").get()}
    for anchor in facts.sel.sel.root.iter("a"):
        if home_path(facts.url, anchor.get("href") or ""):
            names.add(_anchor_text(anchor))
            names.update(img.get("alt") for img in anchor.iter("img"))
    return {norm_key(n) for n in names if n and squash_text(n)}


def random_page(seed: int) -> str:
    rng = random.Random(seed)
    links = []
    for i, href in enumerate(random_hrefs(seed, 300)):
        quoted = href.replace("&", "&amp;").replace('"', "&quot;").replace("\x00", "")
        inner = f'<img alt="Logo {i}" src="l.png">' if rng.random() < 0.1 else f"Link {i} <b>x</b>"
        links.append(f'<li><a href="{quoted}">{inner}</a></li>')
    links.append("<li><a>no href</a></li>")
    return f"<html><body><ul>{''.join(links)}</ul><h1>Tin</h1></body></html>"


@pytest.mark.parametrize("seed", range(12))
def test_site_names_are_those_of_every_link_resolved(seed):
    page_url = PAGES[seed % len(PAGES)]
    html = random_page(seed)

    def facts() -> PageFacts:
        return PageFacts(PageSelector(parse_html(html, page_url)), page_url, site_name="Cổng")

    expected = _resolved_site_names(facts())
    assert facts().site_names == expected
    assert len(expected) > 5  # pages of random hrefs do link home
    # Walked for link_labels first, the same names from the full link list.
    walked = facts()
    assert walked.link_labels  # the random pages' link texts
    assert "_links" in walked.__dict__
    assert walked.site_names == expected

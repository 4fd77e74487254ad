"""Finding article links and the next listing page: plain functions over a parsel Selector.

The platform selectors come first; these heuristics are the fallback for markup
we did not foresee, and every use of them is counted by the spider.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector

from danvan_crawler.extract.chrome import is_furniture_node
from danvan_crawler.extract.pagesel import PageSelector

_PAGINATION_URL = re.compile(
    r"([?&](page|p|trang|PageIndex|pageindex|cur)=\d+)|(/page/\d+)|(/trang-\d+)|PublishedDate=",
    re.IGNORECASE,
)
_ARTICLE_URL = re.compile(
    r"(/[^/?#]*-[^/?#]*-[^/?#]*-[^/?#]+/?$)"  # long hyphenated slug
    r"|(\d{3,}[^/]*\.(html?|aspx|php)$)"  # numeric id in a file name
    r"|([?&](id|ItemID|nid|newsid|NewsID|articleId|tin_id)=\d+)"
    r"|(/node/\d+$)|(/view_content/\d+)|(/-/[^/]+$)",
    re.IGNORECASE,
)
_NEXT_TEXTS = {
    "trang sau",
    "sau",
    "tiếp",
    "tiếp theo",
    "trang tiếp",
    "xem tiếp",
    "»",
    "›",
    ">",
    "next",
    "next ›",
    "tiếp »",
    "sau »",
}
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")
_NAV_TAGS = {"nav", "aside"}
# Page-level header/footer are furniture; an <article>'s own header holds its title link.
_PAGE_TAGS = {"header", "footer"}


def absolute(base: str, href: str | None) -> str | None:
    """Absolute URL without fragment, or None for javascript:/mailto: and empty hrefs."""
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return urldefrag(urljoin(base, href))[0]


def _base(sel: Selector, url: str) -> str:
    base_href = sel.css("base::attr(href)").get()
    return urljoin(url, base_href) if base_href else url


def same_site(url: str, other: str) -> bool:
    """Whether two URLs share a host (``www.`` ignored) and port."""
    a, b = urlsplit(url), urlsplit(other)
    host_a = (a.hostname or "").removeprefix("www.")
    host_b = (b.hostname or "").removeprefix("www.")
    return host_a == host_b and a.port == b.port


def links_by_selectors(sel: Selector, url: str, selectors: tuple[str, ...]) -> tuple[list[str], str | None]:
    """In-site links matched by the first selector that matches any; (links, selector)."""
    base = _base(sel, url)

    def in_site(nodes, css: str) -> list[str]:
        links = _unique(absolute(base, h) for h in nodes.getall())
        return [link for link in links if same_site(link, url) and link != url]

    found = PageSelector(sel).first((f"{css}::attr(href)" for css in selectors), in_site)
    if found is None:
        return [], None
    return found[0], found[1].removesuffix("::attr(href)")


def _unique(urls) -> list[str]:
    seen: dict[str, None] = {}
    for u in urls:
        if u and u not in seen:
            seen[u] = None
    return list(seen)


def _in_furniture(node) -> bool:
    ancestors = list(node.iterancestors())
    in_article = any(anc.tag == "article" for anc in ancestors)
    for anc in ancestors:
        if anc.tag in _NAV_TAGS or (anc.tag in _PAGE_TAGS and not in_article):
            return True
        if is_furniture_node(anc.get("class"), anc.get("id")):
            return True
    return False


def heuristic_article_links(sel: Selector, url: str) -> list[str]:
    """Article-like in-site links outside menus, sidebars and footers."""
    base = _base(sel, url)
    listing_path = urlsplit(url).path.rstrip("/")
    found = []
    for a in sel.root.iter("a"):
        # The headline test first: resolving every anchor's URL is what costs on a long page.
        text = " ".join((a.text_content() or "").split()) or (a.get("title") or "")
        if len(text.split()) < 4:
            continue
        link = absolute(base, a.get("href"))
        if not link or link == url or not same_site(link, url):
            continue
        if _PAGINATION_URL.search(link) or not _ARTICLE_URL.search(link):
            continue
        path = urlsplit(link).path.rstrip("/")
        # The listing itself or a section above it ("/chinh-tri-xa-hoi/" seen from ".../trang-2/").
        if listing_path == path or listing_path.startswith(path + "/"):
            continue
        if _in_furniture(a):
            continue
        found.append(link)
    return _unique(found)


def heuristic_next_page(sel: Selector, url: str, page: int) -> str | None:
    """The next listing page from rel=next, "Trang sau"/"»"-style anchors or the number page+1."""
    base = _base(sel, url)
    rel = sel.css("a[rel~=next]::attr(href), link[rel~=next]::attr(href)").get()
    link = absolute(base, rel)
    if link and link != url:
        return link
    numbered = None
    wanted = str(page + 1)
    for a in sel.root.iter("a"):
        text = " ".join((a.text_content() or "").split()).lower() or (a.get("title") or "").lower()
        # The text test first: resolving every anchor's URL is what costs on a long page.
        is_next = text in _NEXT_TEXTS
        if not is_next and (text != wanted or numbered is not None):
            continue
        link = absolute(base, a.get("href"))
        if not link or link == url or not same_site(link, url):
            continue
        if is_next:
            return link
        numbered = link
    return numbered

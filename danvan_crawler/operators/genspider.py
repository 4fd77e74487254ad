"""A first draft of a portal's spider from its section URL alone.

Fetch the section page and one article, recognise the platform from its signatures, find
the article links and the pagination scheme with that platform's rules, extract the
article and check title, date and body. The result is a ~10-line module on the matching
platform base spider, plus an offline fixture of the fetched pages.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from parsel import Selector

from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.listing import read_listing
from danvan_crawler.extract.page import PageFailure, decode_page, read_page
from danvan_crawler.extract.profiles import GENERIC, PlatformProfile
from danvan_crawler.extract.source import load_source
from danvan_crawler.platforms import SPIDER_FOR_PLATFORM
from danvan_crawler.platforms.postback import postback_target

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class GenSpiderError(Exception):
    """Why no spider could be drafted; one-line message."""


@dataclass
class Draft:
    """What genspider found out about a portal, and the module it writes."""

    name: str
    section_url: str
    platform: str
    base_class: str
    confidence: float
    evidence: tuple[str, ...]
    site_name: str
    section_label: str
    article_links: list[str]
    link_rule: str
    pagination: str
    article_url: str
    fields: dict
    date_from_lead: bool = False
    listing_html: str = ""
    article_html: str = ""
    notes: list[str] = field(default_factory=list)

    def module_source(self) -> str:
        host = urlsplit(self.section_url).hostname or ""
        class_name = "".join(part.capitalize() for part in self.name.split("_")) + "Spider"

        def q(text: str) -> str:  # double-quoted, as ruff format writes it
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = [
            f'"""{self.site_name or host}: drafted by `danvan genspider` ({self.platform}, '
            f'confidence {self.confidence:.2f})."""',
            "",
            f"from danvan_crawler.platforms import {self.base_class}",
            "",
            "",
            f"class {class_name}({self.base_class}):",
            f"    name = {q(self.name)}",
            f"    site_name = {q(self.site_name)}",
            f"    allowed_domains = [{q(host.removeprefix('www.'))}]",
            f"    sections = {{{q(self.section_label)}: {q(self.section_url)}}}",
        ]
        if len(lines[-1]) > 110:  # what ruff format would do with the long line
            lines[-1:] = [
                "    sections = {",
                f"        {q(self.section_label)}: {q(self.section_url)},",
                "    }",
            ]
        if self.date_from_lead:
            lines.append("    date_from_lead = True")
        return "\n".join(lines) + "\n"

    def report(self) -> str:
        f = self.fields
        text = f.get("text") or ""
        rows = [
            f"platform      {self.platform} ({self.base_class}), confidence {self.confidence:.2f}",
            f"evidence      {', '.join(self.evidence) or 'none: generic heuristics'}",
            f"site name     {self.site_name}",
            f"section       {self.section_label}",
            f"article links {len(self.article_links)} on the first page, by {self.link_rule}",
            f"pagination    {self.pagination}",
            f"article       {self.article_url}",
            f"  title       {f.get('title')!r} ({f['methods'].get('title', 'missing')})",
            f"  published   {f.get('published')!r} ({f['methods'].get('published', 'missing')})",
            f"  author      {f.get('author')!r}",
            f"  text        {len(text)} characters ({f['methods'].get('text', 'missing')})",
        ]
        rows += [f"note          {note}" for note in self.notes]
        return "\n".join(rows)


def _pagination(profile: PlatformProfile, sel: Selector, url: str, html: str) -> str:
    if postback_target(sel, profile.next_page + profile.postback_next):
        return "ASP.NET postback (__doPostBack, __VIEWSTATE sent back)"
    link = read_listing(sel, url, profile, page_number=1).next_page
    if not link:
        if "javascript:" in html and profile.name == "liferay":
            return "Liferay portlet _cur parameter (next link is javascript:)"
        return "none found (single page, or the spider's heuristics will look again)"
    for pattern, label in (
        (r"PublishedDate=", "date cursor (PublishedDate=...)"),
        (r"_cur=\d+", "Liferay portlet _cur=N"),
        (r"[?&]page=0*1\b", "?page=N from 0"),
        (r"[?&]page=\d+", "page=N"),
        (r"/page/\d+", "/page/N/"),
        (r"[?&]p=\d+", "p=N"),
    ):
        if re.search(pattern, link):
            return f"{label}: {link}"
    return f"next link: {link}"


def draft_spider(name: str, section_url: str, *, timeout: float = 30) -> Draft:
    """Fetch and inspect a section and one of its articles; the Draft (nothing written)."""
    if not NAME_RE.match(name) or keyword.iskeyword(name):
        raise GenSpiderError(f"spider name must be lowercase letters, digits and _, got {name!r}")
    if not section_url.startswith(("http://", "https://")):
        raise GenSpiderError(f"SECTION_URL must be an http(s) URL, got {section_url!r}")
    # A page that is not HTML (a PDF, binary, empty, too large) is a PageFailure: exit 3, not 2.
    listing = load_source(section_url, kind="listing", timeout=timeout)
    listing_html, _ = decode_page(listing.body, listing.content_type, kind="listing")
    detection = detect_platform(listing_html)
    profile = detection.profile
    sel = Selector(text=listing_html, base_url=listing.url)
    notes = []

    read = read_listing(sel, listing.url, profile)
    links, link_rule = read.article_links, read.how["article_links"]
    if links and profile is not GENERIC and "selector" not in link_rule:
        notes.append(f"{profile.label} selectors found no article link; using the generic spider")
        profile = GENERIC
    if not links:
        raise GenSpiderError(f"no article links found on {section_url}: is it a news section?")

    base_class = SPIDER_FOR_PLATFORM[profile.name].__name__

    article = load_source(links[0], kind="article", timeout=timeout)
    result = _read_article(article, profile)
    date_from_lead = False
    if result.methods.get("published") == "lead":
        date_from_lead = True  # the platform found it in the lead already: say so, no fallback
    elif not result.published:
        from_lead = _read_article(article, profile.with_overrides(date_from_lead=True))
        if from_lead.published:
            result, date_from_lead = from_lead, True
            notes.append("the article header shows no date; reading it from the lead")
    for name_, method in (("title", result.methods.get("title")), ("text", result.methods.get("text"))):
        if method != "platform":
            notes.append(f"{name_} came from {method or 'nowhere'}: check it, add a selector if wrong")
    if not result.published:
        notes.append("no publication date found on the article")

    site_name = _site_name(sel) or result.site_name or urlsplit(section_url).hostname or name
    section_label = _section_label(sel, profile) or "Tin tức"
    confidence = detection.confidence if detection.profile is profile else 0.3
    checks = [bool(result.title), bool(result.published), len(result.text or "") >= 200, len(links) >= 3]
    confidence = round(confidence * (0.5 + 0.5 * sum(checks) / len(checks)), 2)
    return Draft(
        name=name,
        section_url=section_url,
        platform=profile.name,
        base_class=base_class,
        confidence=confidence,
        evidence=detection.evidence if detection.profile is profile else (),
        site_name=site_name,
        section_label=section_label,
        article_links=links,
        link_rule=link_rule,
        pagination=_pagination(profile, sel, listing.url, listing_html),
        article_url=article.url,
        fields=result.to_dict(),
        date_from_lead=date_from_lead,
        listing_html=listing_html,
        article_html=decode_page(article.body, article.content_type)[0],
        notes=notes,
    )


def _read_article(article, profile: PlatformProfile):
    """The fields of a fetched article page; PageFailure when it is not an article."""
    result = read_page(article.body, article.url, content_type=article.content_type, profile=profile)
    if isinstance(result, PageFailure):
        raise PageFailure(result.reason, f"the first article link {article.url} is not an article: {result}")
    return result


def _site_name(sel: Selector) -> str | None:
    for css in (
        "meta[property='og:site_name']::attr(content)",
        "header .logo img::attr(alt)",
        "#header img::attr(alt)",
        "#banner img::attr(alt)",
        ".logo img::attr(alt)",
        ".top-banner img::attr(alt)",
        ".site-name a::text",
    ):
        value = " ".join((sel.css(css).get() or "").split())
        if value:
            return value
    title = " ".join((sel.css("title::text").get() or "").split())
    # "Section | Site", "Title > Site": the site is the last part. Not " - ": section names
    # contain it ("Hoạt động Đảng - Đoàn thể").
    parts = re.split(r"\s+[|>]\s+", title)
    return parts[-1] if len(parts) > 1 else None


def _section_label(sel: Selector, profile) -> str | None:
    for css in (
        "h1.page-title",
        "h1.page-header",
        ".portlet-title-text",
        "h2.danhmuc",
        ".cat-title span",
        "td.FolderTitle",
        "div[id^='dnn_ctr'] h2",
        "h2",
        "h1",
    ):
        first = sel.css(css)[:1]
        value = " ".join(" ".join(first.css("::text").getall()).split())
        if value and len(value) < 80:
            return value
    title = " ".join((sel.css("title::text").get() or "").split())
    return re.split(r"\s+[|>–-]\s+", title)[0] if title else None


def write_draft(draft: Draft, spiders_dir: Path, *, force: bool = False) -> Path:
    """Write ``spiders/<name>.py``; refuses to overwrite without ``force``."""
    path = Path(spiders_dir) / f"{draft.name}.py"
    if path.exists() and not force:
        raise GenSpiderError(f"{path} exists; pass --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    init = path.parent / "__init__.py"
    if not init.exists():
        init.write_text("")
    path.write_text(draft.module_source(), encoding="utf-8")
    return path

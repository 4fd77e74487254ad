"""Platform profiles: every selector and signature for one CMS platform, in one place.

A profile is plain data. Extraction (``danvan_crawler.extract.article``) and the
platform base spiders (``danvan_crawler.platforms``) both read it, so a site
module only names the selectors its platform cannot guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class PlatformProfile:
    """Selectors (CSS) and signatures of one portal platform."""

    name: str
    label: str
    # (regex over the raw HTML, weight); the platform with the highest total wins.
    signatures: tuple[tuple[str, float], ...] = ()
    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    # A lead (sapo) printed outside the body container; prepended to the text when missing.
    lead: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    # Listing pages.
    article_links: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    # "Next" controls that post the ASP.NET form back (``__doPostBack``): no URL to follow.
    postback_next: tuple[str, ...] = ()
    # Links of a pager whose "next" is a ``javascript:`` link (Liferay's ``_cur`` pages).
    pager: tuple[str, ...] = ()
    # Where the date lives when the page header shows none (seeds 002 and 004).
    date_from_lead: bool = False
    # Extra nodes to remove from the body container before text extraction.
    prune: tuple[str, ...] = ()

    def with_overrides(self, **selectors: str | tuple[str, ...] | None) -> PlatformProfile:
        """Copy with site selectors tried before the platform's own."""
        changes: dict[str, object] = {}
        for key, value in selectors.items():
            if value is None or key not in self.__dataclass_fields__:
                continue
            if isinstance(value, bool):
                changes[key] = value
                continue
            extra = (value,) if isinstance(value, str) else tuple(value)
            changes[key] = extra + tuple(getattr(self, key))
        return replace(self, **changes) if changes else self


# Header/meta dates every platform may carry; tried after the platform's own.
COMMON_DATE_SELECTORS = (
    "meta[property='article:published_time']::attr(content)",
    "meta[itemprop='datePublished']::attr(content)",
    "meta[name='pubdate']::attr(content)",
    "article time[datetime]::attr(datetime)",
)

# Where an ASP.NET "next" control sits (Telerik grids, list web parts), tried after the
# next_page selectors.
ASPNET_POSTBACK_NEXT = (
    "a.rgPageNext",
    "input.rgPageNext",
    "a[id$='lbtnNext']",
    "a[href*='__doPostBack'][href*='Next']",
    "a[href*='__doPostBack']:contains('Sau')",
    "a[href*='__doPostBack']:contains('Tiếp')",
)

COMMON_TITLE_SELECTORS = (
    "meta[property='og:title']::attr(content)",
    "article h1",
    "main h1",
)


WORDPRESS = PlatformProfile(
    name="wordpress",
    label="WordPress",
    signatures=(
        (r"<meta[^>]+generator[^>]+WordPress", 3.0),
        (r"/wp-content/", 2.0),
        (r"/wp-includes/", 1.0),
        (r"class=\"[^\"]*\bentry-content\b", 1.0),
    ),
    title=("h1.entry-title", "h1.post-title", "article h1", "h1.single-title"),
    published=(
        "time.entry-date::attr(datetime)",
        ".entry-meta .posted-on",
        ".entry-meta",
        ".post-date",
        "time.entry-date",
    ),
    body=("div.entry-content", "div.post-content", "article .content", "div.td-post-content"),
    section=(".cat-links a", "a[rel~='category']", ".breadcrumb a:last-of-type"),
    article_links=(
        "h2.entry-title a",
        "h3.entry-title a",
        "article .entry-title a",
        ".post-title a",
    ),
    next_page=("a.next.page-numbers", "link[rel=next]", ".nav-previous a", "a.nextpostslink"),
    prune=(".code-block", ".sharedaddy", ".jp-relatedposts", "#respond", ".wp-block-buttons"),
)

DRUPAL = PlatformProfile(
    name="drupal",
    label="Drupal",
    signatures=(
        (r"<meta[^>]+Generator[^>]+Drupal", 3.0),
        (r"/sites/(all|default)/(themes|modules|files)/", 2.0),
        (r"data-drupal-", 1.5),
        (r"drupal-settings-json|Drupal\.settings", 1.5),
        (r"class=\"[^\"]*\b(post-title|node--type-|field--name-body)\b", 1.0),
    ),
    title=(
        "h1.post-title",
        "h2.post-title",
        "h1.page-title",
        "article.node h1",
        "h1#page-title",
        "h1.title",
    ),
    published=(
        "span.post-created",
        ".field--name-created",
        ".node__meta time::attr(datetime)",
        ".submitted",
        ".date-display-single",
    ),
    body=(
        "div.post-body",
        "div.field--name-body",
        "div.field-name-body",
        "article.node .content",
        "div.node-content",
    ),
    section=(".breadcrumb li:last-child a", ".field--name-field-category a"),
    article_links=(
        "h3.post-title a[rel=bookmark]",
        "h2.post-title a",
        ".views-row h3 a",
        ".views-row .views-field-title a",
        ".views-row .field-content a",
        "article.node--view-mode-teaser h2 a",
    ),
    next_page=(
        "li.pager-next a",
        "li.pager__item--next a",
        "a[rel=next]",
        "link[rel=next]",
    ),
    prune=(".pager", "ul.links", ".field--name-field-tags", ".node__links"),
)

SHAREPOINT = PlatformProfile(
    name="sharepoint",
    label="SharePoint 2010 + Lạc Việt CMS",
    signatures=(
        (r"<meta[^>]+GENERATOR[^>]+Microsoft SharePoint", 3.0),
        (r"/_layouts/", 2.0),
        (r"LacViet", 2.0),
        (r"__VIEWSTATE", 1.0),
        (r"ExternalClass[0-9A-Fa-f]{8}", 1.5),
        (r"ms-news-header|css_readCounter", 1.5),
    ),
    title=(
        "table#tableforprint p.Title",
        "p.Title",
        ".news-title",
        "h1.title",
    ),
    # The print table's header row first: a header row elsewhere on the page carries the
    # page build date (portals.md "Traps").
    published=(
        "table#tableforprint tr.ms-news-header td.Time",
        "tr.ms-news-header td.Time",
        "td.Time",
        "span.Time",
        ".date-news",
    ),
    body=(
        "div[class^='ExternalClass'] div#content-print",
        "div#content-print",
        "div[class^='ExternalClass']",
        "table#tableforprint",
    ),
    section=(
        "table#tableforprint tr.ms-news-header td.FolderTitle",
        "tr.ms-news-header td.FolderTitle",
        "td.FolderTitle",
    ),
    article_links=(
        "a[href*='Post.aspx']",
        "a[href*='ChiTietTinTuc']",
        "a[href*='/Pages/'][href$='.aspx']",
        "a[href*='/Trang/'][href$='.aspx']",
    ),
    # The "Xem tiếp" date cursor; newer mirrors also print "Sau" page links.
    next_page=(
        "a[href*='PublishedDate=']:has(img[alt*='Xem tiếp'])",
        "a[href*='PublishedDate=']",
        "a[title='Sau']",
    ),
    # List web parts (``Trang/`` or ``Pages/`` folders) page by postback instead.
    postback_next=ASPNET_POSTBACK_NEXT,
    prune=(
        "span.css_readCounter",
        "p.OtherTitle",
        ".OtherNews",
        "tr.ms-news-header",
        "p.Title",
    ),
)

LIFERAY = PlatformProfile(
    name="liferay",
    label="Liferay",
    signatures=(
        (r"Liferay", 3.0),
        (r"p_p_id=", 2.0),
        (r"journal-content-article|asset-publisher|portlet-boundary", 1.5),
        (r"/html/js/liferay|/o/frontend-js", 1.5),
    ),
    title=(
        ".title-news h1",
        ".title-detail h1",
        ".asset-title",
        "h1.header-title",
        "h3.title-news",
    ),
    published=(".assetPublishDate", "div.date-news", ".publish-date", ".time-news"),
    body=(".journal-content-article", ".asset-full-content", ".news-content"),
    lead=("p.sapo", ".sapo", ".news-sapo"),
    article_links=(
        "h3.asset-title a",
        ".asset-title a",
        "a[href*='/-/view_content/']",
        "a[href*='/-/']",
    ),
    next_page=("ul.pager li.next a", "a[title='Tiếp']", "a:contains('Tiếp')", "link[rel=next]"),
    pager=(".pager a", ".lfr-pagination-buttons a"),
    prune=("p.view-content-author", ".taglib-ratings", ".taglib-social-bookmarks"),
)

DOTNETNUKE = PlatformProfile(
    name="dotnetnuke",
    label="DotNetNuke",
    signatures=(
        (r"DotNetNuke|DNN Platform", 3.0),
        (r"dnn_ctr\d+", 2.0),
        (r"[?&]tabid=\d+", 1.0),
        (r"/Portals/\d+/", 1.5),
    ),
    title=("h1.title-news", "span[id$='_lblTitle']", ".news-detail h1", "h1"),
    published=("span[id$='_lblDate']", ".news-date", ".date"),
    body=("div[id$='_pnlContent']", ".news-content", ".Normal"),
    # Not every "/bai-viet/" link: "/bai-viet/nhom/..." are the menu's other sections.
    article_links=(
        "a.news-title",
        ".news-title a",
        "a[href*='/bai-viet/chi-tiet/']",
        "a[href*='tabid'][href*='&id=']",
        "a[href*='tabid'][href*='ItemID=']",
    ),
    next_page=("a.rgPageNext", "a[rel=next]", "a.next"),
    postback_next=ASPNET_POSTBACK_NEXT,
)

CUSTOM_PHP = PlatformProfile(
    name="custom_php",
    label="Custom PHP CMS",
    signatures=((r"index\.php\?com=", 3.0),),
    title=("h1.title", ".chitiet h1", ".news-detail h1", "h1"),
    published=(".date", ".ngaydang", ".time"),
    body=(".chitiet .content", ".news-detail .content", ".noidung", "#content"),
    article_links=("a[href*='com=tin_ct']",),
    next_page=("a.next", "a[rel=next]"),
)

GENERIC = PlatformProfile(
    name="generic",
    label="Generic (heuristic)",
    title=(
        ".news-detail h1",
        ".article-title",
        ".detail-title",
        "h1.title",
        "article h1",
        "h1",
    ),
    published=(".news-date", ".article-date", ".date", "time::attr(datetime)"),
    body=(
        ".news-detail .content",
        ".news-detail .detail-content",
        ".article-content",
        ".detail-content",
        ".news-content",
        "article",
    ),
    article_links=(),
    next_page=("a[rel=next]", "link[rel=next]"),
    # An unrecognised ASP.NET portal pages by postback too (GenericSpider tries it when no
    # link leads to the next page).
    postback_next=ASPNET_POSTBACK_NEXT,
)

PROFILES: dict[str, PlatformProfile] = {
    p.name: p for p in (WORDPRESS, DRUPAL, SHAREPOINT, LIFERAY, DOTNETNUKE, CUSTOM_PHP, GENERIC)
}


def get_profile(name: str) -> PlatformProfile:
    """The profile called ``name``; ValueError naming the known ones otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown platform {name!r} (known: {known})") from None


@dataclass(frozen=True)
class Detection:
    """Result of platform detection: the profile and how sure we are (0..1)."""

    profile: PlatformProfile
    confidence: float
    evidence: tuple[str, ...] = field(default_factory=tuple)

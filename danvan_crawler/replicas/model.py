"""Replica portals as data: articles with their ground truth, and a site that can change."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ReplicaArticle:
    """One article of a replica portal, with the values a clean crawl must store."""

    id: int
    slug: str
    path: str
    title: str
    published_iso: str
    published_dt: datetime
    author: str | None
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    # (image path, caption, index of the paragraph it follows)
    images: list[tuple[str, str, int]] = field(default_factory=list)
    is_seed: bool = False
    is_notice: bool = False
    views: int = 0


@dataclass
class ReplicaSite:
    """A replica portal: one news section, its articles newest first, and its platform template."""

    name: str
    platform: str
    title: str
    section_name: str
    section_path: str
    articles: list[ReplicaArticle]
    page_size: int
    template: object = None
    make_article: object = None  # callable(site, published=None) -> ReplicaArticle
    down: bool = False
    # Bytes on the wire: the page encoding, and the charset the Content-Type header claims
    # (None: the same; a different one reproduces portals whose header and meta disagree).
    encoding: str = "utf-8"
    header_charset: str | None = None
    # Fault modes (faults.py): article path -> Fault, and section-level fault kinds.
    faults: dict = field(default_factory=dict)
    listing_faults: set = field(default_factory=set)
    # Benchmarks: pad every page with chrome to a size in this range (bytes), and keep
    # rendered pages and listings (so serving costs the farm little CPU; forgotten when
    # add_articles or edit_article changes them).
    pad_to: tuple[int, int] | None = None
    page_cache: dict | None = None
    delay: float = 0.0  # seconds before each response, like a slow government server
    # (old, new) text replacements on every page: a re-theme that breaks selectors.
    rewrite: list[tuple[str, str]] = field(default_factory=list)
    request_log: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pages(self) -> list[list[ReplicaArticle]]:
        """The section's listing pages, newest first."""
        size = self.page_size
        return [self.articles[i : i + size] for i in range(0, len(self.articles), size)] or [[]]

    def by_path(self, path: str) -> ReplicaArticle | None:
        """The article served at ``path`` (path plus query), if any."""
        for article in self.articles:
            if article.path == path:
                return article
        return None

    def add_articles(self, count: int, *, published: datetime | None = None) -> list[ReplicaArticle]:
        """Publish ``count`` new articles, newer than every existing one (or dated ``published``)."""
        added = []
        with self.lock:
            for _ in range(count):
                article = self.make_article(self, published)
                self.articles.insert(0, article)
                added.append(article)
            self._forget_pages()
        return added

    def edit_article(self, article_id: int, paragraphs: list[str]) -> ReplicaArticle:
        """Replace an article's body text."""
        with self.lock:
            for article in self.articles:
                if article.id == article_id:
                    article.paragraphs = list(paragraphs)
                    self._forget_pages()
                    return article
        raise KeyError(article_id)

    def _forget_pages(self) -> None:
        # A new dictionary: a page rendered before the change goes to the old one.
        if self.page_cache is not None:
            self.page_cache = {}

    def clear_log(self) -> None:
        """Forget the requests served so far."""
        with self.lock:
            self.request_log.clear()

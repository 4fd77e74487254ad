"""The fields of one article as read from its page: what an extraction returns, a crawl
yields (``crawl.items.Article``) and the ``articles`` table stores."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleRecord:
    """One article's fields; ``content_hash`` identifies its text across URLs."""

    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    text: str = ""
    images: list[dict[str, str | None]] = field(default_factory=list)
    canonical_url: str | None = None
    site_name: str | None = None
    platform: str = "generic"
    content_hash: str | None = None

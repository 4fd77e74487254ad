"""The item every portal spider yields."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One article page, extracted; ``content_hash`` identifies its text across URLs."""

    url: str
    site: str
    spider: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    text: str = ""
    images: list[dict] = field(default_factory=list)
    canonical_url: str | None = None
    site_name: str | None = None
    content_hash: str | None = None
    fetched_at: str = ""
    platform: str = ""
    extraction: dict = field(default_factory=dict)

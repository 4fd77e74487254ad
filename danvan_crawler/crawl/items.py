"""The item every portal spider yields: an article record with where and when it was crawled."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from danvan_crawler.extract.record import ArticleRecord


@dataclass(kw_only=True)
class Article(ArticleRecord):
    """One article page, extracted; ``extraction`` says how each field was found."""

    site: str
    spider: str
    fetched_at: str = ""
    extraction: dict = field(default_factory=dict)

    @classmethod
    def from_extracted(cls, result, *, site: str, spider: str) -> Article:
        """The item for an ``ExtractedArticle``, fetched now."""
        record = {f.name: getattr(result, f.name) for f in fields(ArticleRecord)}
        return cls(
            **record,
            site=site,
            spider=spider,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            extraction=result.provenance(),
        )


# Every item field is an ``articles`` column (the store adds its own bookkeeping ones).
ARTICLE_FIELDS = tuple(f.name for f in fields(Article))

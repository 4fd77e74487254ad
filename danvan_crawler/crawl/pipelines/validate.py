"""Reject articles without a title or body: recorded as failures, never silently dropped."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from danvan_crawler.crawl.context import CrawlContext


class ValidatePipeline:
    """Drop an article missing its title or text, after recording why (``DANVAN_MIN_TEXT_CHARS``)."""

    def __init__(self, context: CrawlContext):
        self.context = context

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlContext.of(crawler))

    def process_item(self, item, spider=None):
        problems = []
        if not (item.title or "").strip():
            problems.append("no title")
        if len((item.text or "").strip()) < self.context.config.min_text_chars:
            problems.append("no body text")
        if not problems:
            return item
        detail = "; ".join(problems)
        self.context.record_failure(item.url, "invalid_article", detail)
        raise DropItem(f"{item.url}: {detail}")

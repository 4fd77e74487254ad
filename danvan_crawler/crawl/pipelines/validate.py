"""Reject articles without a title or body: recorded as failures, never silently dropped."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from danvan_crawler.crawl import signals


class ValidatePipeline:
    """Drop an article missing its title or text, after recording why (``DANVAN_MIN_TEXT_CHARS``)."""

    def __init__(self, crawler, min_text_chars: int):
        self.crawler = crawler
        self.min_text_chars = min_text_chars

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("DANVAN_MIN_TEXT_CHARS", 1))

    def process_item(self, item, spider=None):
        problems = []
        if not (item.title or "").strip():
            problems.append("no title")
        if len((item.text or "").strip()) < self.min_text_chars:
            problems.append("no body text")
        if not problems:
            return item
        reason = "invalid_article"
        detail = "; ".join(problems)
        stats = self.crawler.stats
        stats.inc_value("danvan/failures")
        stats.inc_value(f"danvan/failure/{reason}")
        self.crawler.signals.send_catch_log(
            signal=signals.page_failed,
            url=item.url,
            reason=reason,
            detail=detail,
            spider=self.crawler.spider,
        )
        raise DropItem(f"{item.url}: {detail}")

"""Identify each article by the hash of its normalised text, and spot repeats within a run."""

from __future__ import annotations

from danvan_crawler.extract.normalize import content_hash


class DedupPipeline:
    """Fill ``content_hash`` and count texts already seen in this run at another URL.

    Repeats are not dropped: the store pipeline records the extra URL on the
    first article, so no provenance is lost.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.first_url: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not item.content_hash:
            item.content_hash = content_hash(item.text)
        first = self.first_url.setdefault(item.content_hash, item.url)
        if first != item.url:
            self.crawler.stats.inc_value("danvan/duplicates_in_run")
            item.extraction = {**item.extraction, "same_text_as": first}
        return item

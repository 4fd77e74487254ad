"""A child crawl process (subcrawl.py): its job on stdin, sites asked from the parent one at a
time, what each site does reported on stdout."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.slots import SlotCrawl
from danvan_crawler.crawl.subcrawl import NEXT, event_line


class ParentQueue(SiteQueue):
    """The parent's queue, asked over this process's stdout and stdin."""

    def take(self) -> str | None:
        if self.closed:
            return None
        print(NEXT, flush=True)
        name = sys.stdin.readline().strip()
        if not name:  # the parent's queue is empty (or the parent is gone)
            self.closed = True
            return None
        return name


class ParentEvents(CrawlEvents):
    """Events as lines for the parent's reader; progress only when it changed."""

    def __init__(self):
        self._last: dict[str, RunCounters] = {}

    def started(self, name: str) -> None:
        print(event_line("started", name), flush=True)

    def progress(self, name: str, counters: RunCounters) -> None:
        if self._last.get(name) != counters:
            self._last[name] = counters
            print(event_line("progress", name, asdict(counters)), flush=True)

    def done(self, result: SiteResult) -> None:
        self._last.pop(result.spider, None)
        print(event_line("done", result.spider, asdict(result)), flush=True)


def main() -> None:
    try:
        line = sys.stdin.readline()
        if not line.strip():  # started ahead (subcrawl.prestart) and not needed after all
            return
        job = json.loads(line)
        settings = project_settings(job["settings"])
        SlotCrawl(
            ParentQueue(),
            spider_classes(settings),
            settings=settings,
            base_urls=job["base_urls"],
            events=ParentEvents(),
            slots=job["slots"],
        ).run()
    except KeyboardInterrupt:  # stopped before its crawl began (or after): nothing half-done
        sys.exit(130)


if __name__ == "__main__":
    main()

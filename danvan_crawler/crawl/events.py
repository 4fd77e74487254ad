"""What a crawl tells whoever watches it, and the queue of sites it works through."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable

from danvan_crawler.crawl.counters import RunCounters, SiteResult


class CrawlEvents:
    """A crawl's watcher (the live progress of ``danvan crawl``); does nothing by default.

    Methods may be called from any thread: the crawl's own and the threads reading child
    processes (subcrawl.py).
    """

    def started(self, name: str) -> None:
        """Site ``name`` left the queue and is in progress."""

    def progress(self, name: str, counters: RunCounters) -> None:
        """What site ``name`` did so far (about once a second while it is in progress)."""

    def done(self, result: SiteResult) -> None:
        """A site ended (finished, failed or stopped)."""


class SiteQueue:
    """Site names waiting for a slot, taken one at a time by every process of a crawl."""

    def __init__(self, names: Iterable[str] = ()):
        self._names = deque(names)
        self._lock = threading.Lock()
        self.closed = False

    def take(self) -> str | None:
        """The next site to start, or None when there is none (or the crawl is stopping)."""
        with self._lock:
            if self.closed or not self._names:
                return None
            return self._names.popleft()

    def close(self) -> None:
        """Hand out nothing more (Ctrl-C): the sites still queued are not run."""
        self.closed = True

    def __len__(self) -> int:
        return len(self._names)


class CrawlInterrupted(Exception):
    """The crawl was stopped by a signal (Ctrl-C, SIGTERM); sites in progress ended cleanly."""

    def __init__(self, signum: int, results: list[SiteResult]):
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum
        self.results = results

"""One process's share of a crawl: at most N sites in progress, the next started when one ends.

A site's crawler is created when the site leaves the queue and dropped when it ends, so
memory, sockets and downloader slots follow the sites in progress, not the sites in the
run. Politeness is per site as before: each crawler keeps its own per-host delay.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import logging
import time
from collections.abc import Callable

from scrapy import signals as scrapy_signals
from scrapy.crawler import CrawlerProcess
from twisted.python.failure import Failure

from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue

logger = logging.getLogger(__name__)

# How often the counters of the sites in progress go to the watcher (seconds).
SAMPLE_SECONDS = 1.0
# Allocations between young collections during a crawl (Python's default is 700). A page
# allocates thousands of short-lived objects (element proxies, blocks, tuples) that
# reference counting frees; at 700 the collector ran ~2 young and every ~50 pages a full
# collection for nothing (12 portals x 150 articles: 3,250 collections, 1.4 s of 34 s
# CPU; at 5,000: 68 collections, 0.2 s, same peak memory). It stays cheap only while a
# crawl leaves no reference cycles holding pages: ``PortalSpider.listing_selector`` and
# ``published._parse`` broke the two there were (``tests/test_reference_cycles.py``).
YOUNG_GENERATION = 5000


@functools.cache  # once per process
def _skip_final_collection() -> None:
    """Freeze what is alive when the process exits, before Python's last full collection.

    The crawl's heap (caches, crawl state, templates) outlives the crawl; the collection
    Python runs at exit traversed all of it: 0.3 s of a 0.4 s exit after a 12-portal
    crawl, and with ``--jobs`` the parent waits for each child's exit. Frozen objects are
    still freed with their modules; only garbage cycles are left to the operating system.
    """
    atexit.register(gc.freeze)


# Loggers Scrapy leaves below its handler's level: the root (NOTSET) and its own (DEBUG).
_UNFILTERED_LOGGERS = ("", "scrapy")


def _log_at(log_level) -> dict[str, int]:
    """Raise the loggers Scrapy leaves open to ``log_level``; their levels before, to restore.

    Scrapy drops records below LOG_LEVEL in its handler, after they were built: every
    debug call of Scrapy ("Crawled (200)", "Scraped from" with the item) and of
    trafilatura (each extraction step) made a LogRecord that no handler wrote, 1 % of a
    crawl's CPU. A logger at LOG_LEVEL writes the same log without building them.
    """
    level = log_level if isinstance(log_level, int) else logging.getLevelName(str(log_level).upper())
    if not isinstance(level, int):  # an unknown name: Scrapy's handler reports it
        return {}
    before = {}
    for name in _UNFILTERED_LOGGERS:
        found = logging.getLogger(name)
        if found.level < level:
            before[name] = found.level
            found.setLevel(level)
    return before


class _Process(CrawlerProcess):
    """Scrapy's CrawlerProcess, telling its owner when a signal (Ctrl-C, SIGTERM) stops it."""

    signalled: int | None = None
    on_signal: Callable[[], None] | None = None

    def _signal_shutdown(self, signum, frame):
        # Scrapy's own handler of the first SIGINT/SIGTERM. A signal handler only sets a flag:
        # the owner is told from the reactor thread, in stop().
        self.signalled = signum
        super()._signal_shutdown(signum, frame)

    def stop(self):
        if self.signalled is not None and self.on_signal is not None:
            self.on_signal()
            self.on_signal = None
        return super().stop()


class SlotCrawl:
    """Crawl sites taken from ``queue`` in one Scrapy process, ``slots`` at a time."""

    def __init__(
        self,
        queue: SiteQueue,
        spider_classes: dict[str, type],
        *,
        settings,
        base_urls: dict[str, str],
        events: CrawlEvents,
        slots: int,
        on_signal: Callable[[], None] | None = None,
    ):
        self.queue = queue
        self.spider_classes = spider_classes
        self.settings = settings
        self.base_urls = base_urls
        self.events = events
        self.slots = max(1, slots)
        self.on_signal = on_signal
        self.results: dict[str, SiteResult] = {}
        self._running: dict[str, tuple] = {}  # name -> (crawler, its spider_closed receiver)
        self._process: _Process | None = None

    @property
    def signalled(self) -> int | None:
        """The signal that stopped this crawl, if one did."""
        return self._process.signalled if self._process else None

    def run(self) -> dict[str, SiteResult]:
        """Crawl until the queue is empty (or a signal stops it); each site's result."""
        self._process = _Process(self.settings)
        self._process.on_signal = self._stopping
        if not self._fill():
            return self.results
        from twisted.internet import reactor, task  # installed by the first crawler

        sampler = task.LoopingCall(self._sample)
        reactor.callWhenRunning(sampler.start, SAMPLE_SECONDS, now=False)
        # Imports, settings and spider classes live as long as the process: frozen, the
        # collector no longer traverses them on every full collection, which took 10 % of
        # a crawl's CPU (one portal, 1,000 articles: 2.5 s of 24.7 s; frozen: 0.6 s, same
        # peak memory).
        gc.freeze()
        _skip_final_collection()
        thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_GENERATION, *thresholds[1:])
        levels = _log_at(self.settings.get("LOG_LEVEL"))
        try:
            self._process.start(stop_after_crawl=False)
        finally:  # the crawl may run inside a longer-lived process (tests, scripts)
            gc.set_threshold(*thresholds)
            gc.unfreeze()
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
        return self.results

    def _fill(self) -> int:
        """Start queued sites while a slot is free; how many were started."""
        started = 0
        while len(self._running) < self.slots and self.signalled is None:
            name = self.queue.take()
            if name is None:
                break
            self._start(name)
            started += 1
        return started

    def _start(self, name: str) -> None:
        spidercls = self.spider_classes.get(name)
        if spidercls is None:  # a child asked for a spider its settings do not have
            self._finish(SiteResult(spider=name, finish_reason="unknown spider"))
            return
        crawler = self._process.create_crawler(spidercls)
        begun = time.monotonic()

        def closed(spider, reason):
            stats = crawler.stats.get_stats()
            self._finish(SiteResult.from_stats(name, stats, reason, time.monotonic() - begun))

        # Connected weakly and held here while the site runs: PyDispatcher's registry holds a
        # strongly connected receiver for ever, and with it every ended crawler (engine,
        # downloader, spider and its state).
        crawler.signals.connect(closed, signal=scrapy_signals.spider_closed)
        self._running[name] = (crawler, closed)
        self.events.started(name)
        kwargs = {"base_url": self.base_urls[name]} if name in self.base_urls else {}
        ended = self._process.crawl(crawler, **kwargs)
        ended.addBoth(self._ended, name)

    def _finish(self, result: SiteResult) -> None:
        self.results[result.spider] = result
        self.events.done(result)

    def _ended(self, outcome, name: str) -> None:
        """A site's crawler is done: drop it and give its slot to the next site."""
        from twisted.internet import reactor

        self._running.pop(name, None)
        if isinstance(outcome, Failure):
            logger.error("crawl of %s failed: %s", name, outcome.getErrorMessage())
        if name not in self.results:  # the spider never opened
            reason = f"could not start: {outcome.getErrorMessage()}" if isinstance(outcome, Failure) else ""
            self._finish(SiteResult(spider=name, finish_reason=reason or "not run"))
        # Later, not from inside this callback: a row of sites that fail at once must not recurse.
        reactor.callLater(0, self._next)

    def _next(self) -> None:
        from twisted.internet import reactor

        self._fill()
        if not self._running:
            with contextlib.suppress(RuntimeError):  # already stopping
                reactor.stop()

    def _sample(self) -> None:
        for name, (crawler, _) in list(self._running.items()):
            if crawler.stats is not None:
                self.events.progress(name, RunCounters.from_stats(crawler.stats.get_stats()))

    def _stopping(self) -> None:
        self.queue.close()
        if self.on_signal is not None:
            self.on_signal()

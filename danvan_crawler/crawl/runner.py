"""Run spiders and report per site: the library behind ``danvan crawl``.

Sites are a work queue (events.py): each process of the crawl keeps at most its share of
``DANVAN_SITES_AT_ONCE`` sites in progress and takes the next one when a site ends
(slots.py); with ``jobs > 1`` child processes take sites from the same queue (subcrawl.py).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from danvan_crawler.crawl.config import CrawlConfig
from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.events import CrawlEvents, CrawlInterrupted, SiteQueue
from danvan_crawler.crawl.legacy_tls import level_needed, tls_children
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.slots import SlotCrawl
from danvan_crawler.crawl.subcrawl import ChildCrawls, dismiss_prestarted


class CrawlSetupError(Exception):
    """A crawl that cannot start (unknown spider, no replica for a spider); one-line message."""


# Replicas answer at once and are ours to load: no politeness delay needed.
REPLICA_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 10,
}


def check_spiders(names: Iterable[str], settings: dict | None = None) -> dict[str, type]:
    """The classes of spiders ``names``; CrawlSetupError naming the unknown ones."""
    known = spider_classes(project_settings(settings))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CrawlSetupError(f"unknown spider(s): {', '.join(unknown)} (known: {', '.join(known)})")
    return {n: known[n] for n in names}


class _Serialised(CrawlEvents):
    """Events from this process and the child readers, passed on one at a time."""

    def __init__(self, events: CrawlEvents):
        self.events = events
        self.lock = threading.Lock()

    def started(self, name: str) -> None:
        with self.lock:
            self.events.started(name)

    def progress(self, name: str, counters: RunCounters) -> None:
        with self.lock:
            self.events.progress(name, counters)

    def done(self, result: SiteResult) -> None:
        with self.lock:
            self.events.done(result)


def process_slots(sites_at_once: int, processes: int, sites: int) -> list[int]:
    """Slots of each process: ``sites_at_once`` shared out, none above a fair share of the sites."""
    processes = max(1, min(processes, sites_at_once, sites))
    fair = -(-sites // processes)
    shares = [sites_at_once // processes + (i < sites_at_once % processes) for i in range(processes)]
    return [min(share, fair) for share in shares]


def run_crawl(
    spiders: Iterable[str],
    *,
    db_path: str | Path,
    base_urls: dict[str, str] | None = None,
    settings: dict | None = None,
    events: CrawlEvents | None = None,
    jobs: int = 1,
) -> list[SiteResult]:
    """Crawl ``spiders`` into ``db_path`` (optionally rebased onto ``base_urls``); per-site results.

    ``jobs > 1`` shares the queue of sites among that many processes. A signal that stops
    the crawl (Ctrl-C) raises CrawlInterrupted once every site in progress has ended cleanly.
    """
    names = list(dict.fromkeys(spiders))
    base_urls = base_urls or {}
    events = _Serialised(events or CrawlEvents())
    known = check_spiders(names, settings)
    overrides = _crawl_settings(names, known, db_path=db_path, base_urls=base_urls, settings=settings)
    config = CrawlConfig.from_settings(project_settings(overrides))
    # Sites that need a lower OpenSSL security level run in a child process (legacy_tls.py).
    by_level: dict[int, list[str]] = {}
    for name in names:
        level = level_needed(known[name], config.tls_security_level)
        if level is not None:
            by_level.setdefault(level, []).append(name)
    child_args = {"settings": overrides, "base_urls": base_urls, "events": events}
    children = tls_children(by_level, **child_args)
    own_names = [n for n in names if not any(n in group for group in by_level.values())]
    queue = SiteQueue(own_names)
    slots = process_slots(config.sites_at_once, jobs, len(own_names))
    if len(slots) > 1:
        # This process crawls too: it has already paid for its imports, so only N - 1
        # processes start from scratch while it works.
        children.append(ChildCrawls(len(slots) - 1, queue, slots=slots[1], **child_args))
    dismiss_prestarted()  # children started ahead that this crawl has no slots for

    def pass_on_signal() -> None:
        for child in children:
            child.interrupt()

    own = SlotCrawl(
        queue,
        known,
        settings=project_settings(overrides),
        base_urls=base_urls,
        events=events,
        slots=slots[0],
        on_signal=pass_on_signal,
    )
    signum = None
    try:
        own.run()
    except KeyboardInterrupt:  # a Ctrl-C before Scrapy's handlers were installed, or after
        signum = signal.SIGINT
        pass_on_signal()
    except BaseException:
        for child in children:
            child.terminate()
        _collect(children, own.results)
        raise
    signum = _collect(children, own.results) or signum or own.signalled
    results = [own.results.get(n) or SiteResult(spider=n) for n in names]
    if signum or any(r.finish_reason == "shutdown" for r in results):
        raise CrawlInterrupted(signum or signal.SIGINT, results)
    return results


def _collect(children: list[ChildCrawls], results: dict[str, SiteResult]) -> int | None:
    """Wait for the child processes and add their results; SIGINT if Ctrl-C came meanwhile."""
    signum = None
    for child in children:
        while True:
            try:
                found = child.wait()
                break
            except KeyboardInterrupt:  # passed on; the child ends its sites cleanly
                signum = signal.SIGINT
                for other in children:
                    other.interrupt()
        for result in found:
            results.setdefault(result.spider, result)
    return signum


def _crawl_settings(names, known, *, db_path, base_urls, settings) -> dict:
    """The settings of every process of the crawl: the database, politeness, the caller's."""
    # Politeness is for other people's servers; loopback replicas and drafts need none.
    targets = [
        url
        for name in names
        for url in ([base_urls[name]] if name in base_urls else getattr(known[name], "sections", {}).values())
    ]
    polite = not (targets and all(_is_loopback(u) for u in targets))
    return {"DANVAN_DB": str(db_path), **({} if polite else REPLICA_SETTINGS), **(settings or {})}


# The replica front door's port when free; the stored URLs do not depend on it.
REPLICA_PROXY_PORT = 18341


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def replica_sites(names: Iterable[str], *, articles: int = 0, delay: float = 0.0) -> dict:
    """The replica portals of spiders ``names`` (CrawlSetupError for a spider without one).

    ``articles`` grows each to that many articles and ``delay`` slows each response: a long
    crawl to watch (``crawl --replicas --replica-articles 2000 --replica-delay 0.05``).
    """
    from danvan_crawler.replicas import build_all_sites  # slow to import; only needed here

    sites = build_all_sites()
    missing = [n for n in names if n not in sites]
    if missing:
        raise CrawlSetupError(f"no replica portal for: {', '.join(missing)}")
    chosen = {n: sites[n] for n in names}
    for site in chosen.values():
        if articles > len(site.articles):
            site.add_articles(articles - len(site.articles))
        site.delay = delay
    return chosen


def run_replica_crawl(
    spiders: Iterable[str],
    *,
    db_path: str | Path,
    settings: dict | None = None,
    events: CrawlEvents | None = None,
    jobs: int = 1,
    sites: dict | None = None,
) -> list[SiteResult]:
    """Serve the replica portals on loopback and crawl them with the same spiders.

    ``sites``: the replica portals (``replica_sites``), when the caller built them already.
    """
    from danvan_crawler.replicas import ReplicaFarm

    names = list(dict.fromkeys(spiders))
    check_spiders(names, settings)  # before any server starts
    sites = sites if sites is not None else replica_sites(names)
    # Through the front door, by host name: every run stores the same URLs whichever port
    # was free, so reruns crawl incrementally.
    with ReplicaFarm(sites, proxy_port=REPLICA_PROXY_PORT) as farm:
        return run_crawl(
            names,
            db_path=db_path,
            base_urls={n: farm.host_url(n) for n in names},
            settings={**REPLICA_SETTINGS, "DANVAN_HTTP_PROXY": farm.proxy_url, **(settings or {})},
            events=events,
            jobs=jobs,
        )

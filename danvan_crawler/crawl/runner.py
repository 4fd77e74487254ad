"""Run spiders in one process and report per site: the library behind ``danvan crawl``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals as scrapy_signals
from scrapy.crawler import CrawlerProcess

from danvan_crawler.crawl.config import CrawlConfig
from danvan_crawler.crawl.counters import SiteResult
from danvan_crawler.crawl.legacy_tls import crawl_in_child, level_needed
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.subcrawl import ChildCrawls


class CrawlSetupError(Exception):
    """A crawl that cannot start (unknown spider, no replica for a spider); one-line message."""


# Replicas answer at once and are ours to load: no politeness delay needed.
REPLICA_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RANDOMIZE_DOWNLOAD_DELAY": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 10,
}


def run_crawl(
    spiders: Iterable[str],
    *,
    db_path: str | Path,
    base_urls: dict[str, str] | None = None,
    settings: dict | None = None,
    on_site_done: Callable[[SiteResult], None] | None = None,
    jobs: int = 1,
) -> list[SiteResult]:
    """Crawl ``spiders`` into ``db_path`` (optionally rebased onto ``base_urls``); per-site results.

    ``jobs > 1`` shares the sites among that many processes (subcrawl.py).
    """
    names = spiders_order = list(dict.fromkeys(spiders))
    base_urls = base_urls or {}
    given = project_settings(settings)
    known = spider_classes(given)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CrawlSetupError(f"unknown spider(s): {', '.join(unknown)} (known: {', '.join(known)})")
    if jobs > 1 and len(names) > 1:
        groups = [names[i::jobs] for i in range(min(jobs, len(names)))]
        report_lock = threading.Lock()

        def report(result: SiteResult) -> None:  # called from this process and reader threads
            with report_lock:
                if on_site_done:
                    on_site_done(result)

        # This process crawls the first group itself: it has already paid for its imports,
        # so only N - 1 processes start from scratch while it works.
        children = ChildCrawls(
            groups[1:], db_path=db_path, base_urls=base_urls, settings=settings, on_site_done=report
        )
        try:
            own = run_crawl(
                groups[0], db_path=db_path, base_urls=base_urls, settings=settings, on_site_done=report
            )
        except BaseException:
            children.terminate()
            raise
        finally:
            others = children.wait()
        by_name = {r.spider: r for r in own + others}
        return [by_name[n] for n in names]
    # Sites that need a lower OpenSSL security level run in a child process (legacy_tls.py).
    current_level = CrawlConfig.from_settings(given).tls_security_level
    child_results: dict[str, SiteResult] = {}
    by_level: dict[int, list[str]] = {}
    for name in names:
        level = level_needed(known[name], current_level)
        if level is not None:
            by_level.setdefault(level, []).append(name)
    for level, group in by_level.items():
        for result in crawl_in_child(
            group, level, db_path=db_path, base_urls=base_urls, settings=settings, on_site_done=on_site_done
        ):
            child_results[result.spider] = result
    names = [n for n in names if n not in child_results]
    if not names:
        return [child_results[n] for n in spiders_order]
    # Politeness is for other people's servers; loopback replicas and drafts need none.
    targets = [
        url
        for name in names
        for url in ([base_urls[name]] if name in base_urls else getattr(known[name], "sections", {}).values())
    ]
    polite = not (targets and all(_is_loopback(u) for u in targets))
    overrides = {
        "DANVAN_DB": str(db_path),
        **({} if polite else REPLICA_SETTINGS),
        **(settings or {}),
    }
    crawler_settings = project_settings(overrides)
    process = CrawlerProcess(crawler_settings)
    results: dict[str, SiteResult] = {n: SiteResult(spider=n) for n in names}
    started: dict[str, float] = {}

    for name in names:
        crawler = process.create_crawler(known[name])

        def opened(spider, name=name):
            started[name] = time.monotonic()

        def closed(spider, reason, crawler=crawler, name=name):
            seconds = time.monotonic() - started.get(name, time.monotonic())
            result = SiteResult.from_stats(name, crawler.stats.get_stats(), reason, seconds)
            results[name] = result
            if on_site_done:
                on_site_done(result)

        crawler.signals.connect(opened, signal=scrapy_signals.spider_opened, weak=False)
        crawler.signals.connect(closed, signal=scrapy_signals.spider_closed, weak=False)
        kwargs = {"base_url": base_urls[name]} if name in base_urls else {}
        process.crawl(crawler, **kwargs)
    process.start()
    return [results[n] if n in results else child_results[n] for n in spiders_order]


# The replica front door's port when free; the stored URLs do not depend on it.
REPLICA_PROXY_PORT = 18341


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def run_replica_crawl(
    spiders: Iterable[str],
    *,
    db_path: str | Path,
    settings: dict | None = None,
    on_site_done: Callable[[SiteResult], None] | None = None,
    jobs: int = 1,
) -> list[SiteResult]:
    """Serve the replica portals on loopback and crawl them with the same spiders."""
    from danvan_crawler.replicas import ReplicaFarm, build_all_sites  # slow to import; only needed here

    names = list(dict.fromkeys(spiders))
    # Through the front door, by host name: every run stores the same URLs whichever port
    # was free, so reruns crawl incrementally.
    with ReplicaFarm(build_all_sites(), proxy_port=REPLICA_PROXY_PORT) as farm:
        missing = [n for n in names if n not in farm.sites]
        if missing:
            raise CrawlSetupError(f"no replica portal for: {', '.join(missing)}")
        base_urls = {n: farm.host_url(n) for n in names}
        return run_crawl(
            names,
            db_path=db_path,
            base_urls=base_urls,
            settings={**REPLICA_SETTINGS, "DANVAN_HTTP_PROXY": farm.proxy_url, **(settings or {})},
            on_site_done=on_site_done,
            jobs=jobs,
        )

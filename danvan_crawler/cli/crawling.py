"""``danvan crawl`` and ``danvan replicas``: running crawls."""

from __future__ import annotations

import os
import re
import signal
import sys
from datetime import datetime
from pathlib import Path

import click

from danvan_crawler.cli.app import Exit, db_option, fail, main, silence_stdout, table


def _summary_table(results) -> str:
    """The per-site table, within 100 columns (site names cut at 18 characters)."""
    from danvan_crawler.crawl.counters import SUMMARY_COLUMNS
    from danvan_crawler.crawl.progress import elapsed

    header = ("site", "status", *SUMMARY_COLUMNS, "time")
    rows = [
        (
            r.spider if len(r.spider) <= 18 else r.spider[:17] + "~",
            "ok" if r.ok else "FAILED",
            *(getattr(r.counters, name) for name in SUMMARY_COLUMNS.values()),
            elapsed(r.seconds),
        )
        for r in results
    ]
    return table(header, rows)


@main.command()
@click.argument("spiders", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="Crawl every spider.")
@db_option
@click.option(
    "--replicas",
    is_flag=True,
    help="Serve the replica portals on loopback and crawl those instead of the live sites.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Scrapy log file [default: logs/crawl-<time>.log beside the database].",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    default="INFO",
    show_default=True,
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop each section after N listing pages.")
@click.option(
    "--base-url",
    "base_urls",
    multiple=True,
    metavar="SPIDER=URL",
    help="Crawl SPIDER on a mirror at URL (same paths, other host); repeatable.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Walk every listing page and re-fetch every article (ignore the incremental state).",
)
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting for this run, e.g. -s DOWNLOAD_TIMEOUT=60 (repeatable).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Share the queue of sites among N processes writing to the same database (extraction is CPU-bound).",
)
@click.option(
    "--sites-at-once",
    type=click.IntRange(1, 100_000),
    help="Sites in progress at once, all processes together; the others wait in a queue "
    "[default: the DANVAN_SITES_AT_ONCE setting, 32].",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary and the failures.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Print each site as it starts, and every counter as it ends."
)
@click.option(
    "--replica-articles",
    type=click.IntRange(1, 100_000),
    help="With --replicas: grow each replica portal to N articles (a long crawl to watch).",
)
@click.option(
    "--replica-delay",
    type=click.FloatRange(0, 60),
    default=0.0,
    help="With --replicas: seconds each replica response waits, like a slow server.",
)
def crawl(
    spiders,
    crawl_all,
    db_path,
    replicas,
    log_file,
    log_level,
    max_pages,
    base_urls,
    full,
    overrides,
    jobs,
    sites_at_once,
    quiet,
    verbose,
    replica_articles,
    replica_delay,
):
    """Crawl SPIDERS (or --all) into the database and print a per-site summary.

    Sites are a queue: --sites-at-once of them are in progress at once. On a terminal the
    sites in progress are shown live; otherwise (cron) a heartbeat line per site in progress
    is printed every DANVAN_HEARTBEAT seconds (60).

    Exit code 0 when every site yielded articles, 1 when some site failed,
    2 on a usage error, 3 when the database or setup is unusable, 4 when another
    crawl is already writing the same database, 130 when stopped by Ctrl-C (the sites in
    progress end cleanly; the next run carries on).
    """
    if crawl_all and spiders:
        fail("give spider names or --all, not both", Exit.USAGE)
    if quiet and verbose:
        fail("-q and -v cannot be combined", Exit.USAGE)
    if not replicas and (replica_articles or replica_delay):
        fail("--replica-articles and --replica-delay need --replicas", Exit.USAGE)
    # The other processes import Scrapy and the readers while this one does the same and
    # checks the request; they wait for their job (run_crawl) or for end-of-file. No more
    # than the named sites or --sites-at-once can use (run_crawl dismisses any extra).
    processes = min(jobs, len(spiders) or jobs, sites_at_once or jobs)
    if processes > 1:
        from danvan_crawler.crawl.subcrawl import prestart

        prestart(processes - 1)
    from danvan_crawler.crawl.config import CrawlConfig
    from danvan_crawler.crawl.events import CrawlInterrupted
    from danvan_crawler.crawl.progress import progress_display
    from danvan_crawler.crawl.project import project_settings, spider_classes
    from danvan_crawler.crawl.runner import CrawlSetupError, check_spiders, replica_sites
    from danvan_crawler.store.database import Database, StorageError

    names = list(spider_classes()) if crawl_all else list(spiders)
    if not names:
        fail("name at least one spider, or use --all (see `danvan list`)", Exit.USAGE)
    mirrors = {}
    for pair in base_urls:
        name, sep, url = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            fail(f"--base-url takes SPIDER=http(s)://HOST[:PORT], got {pair!r}", Exit.USAGE)
        mirrors[name] = url
    if replicas and mirrors:
        fail("--replicas and --base-url cannot be combined", Exit.USAGE)
    settings = {"LOG_LEVEL": log_level, "LOG_STDOUT": False}
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            fail(f"-s takes NAME=VALUE with an upper-case Scrapy setting name, got {pair!r}", Exit.USAGE)
        settings[name] = value
    if max_pages:
        settings["DANVAN_MAX_PAGES"] = max_pages
    if full:
        settings["DANVAN_FULL"] = True
    if sites_at_once:
        settings["DANVAN_SITES_AT_ONCE"] = sites_at_once
    # Everything that can be wrong with the request is said before anything starts.
    try:
        check_spiders(names, settings)
        sites = (
            replica_sites(names, articles=replica_articles or 0, delay=replica_delay) if replicas else None
        )
    except CrawlSetupError as err:
        fail(str(err), Exit.USAGE)
    from danvan_crawler.store.tags import TagRulesError, load_rules

    tag_rules = os.environ.get("DANVAN_TAG_RULES")  # passed on as the setting of that name
    try:
        load_rules(tag_rules)  # a broken rules file fails here, not at every article
    except TagRulesError as err:
        fail(str(err), Exit.USAGE)
    if tag_rules:
        settings["DANVAN_TAG_RULES"] = tag_rules
    try:
        with Database(db_path) as db:  # fail fast, before any request, on a bad path
            db.check_writable()
            db.check_integrity()
    except StorageError as err:
        fail(str(err))
    if log_file is None:
        from danvan_crawler.extract.dates import VN_TZ

        log_file = db_path.parent / "logs" / f"crawl-{datetime.now(VN_TZ):%Y%m%d-%H%M%S}.log"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail(f"cannot create log directory {log_file.parent}: {err.strerror}")
    settings["LOG_FILE"] = str(log_file)
    config = CrawlConfig.from_settings(project_settings(settings))
    if not quiet:
        where = "replica portals on loopback" if replicas else "live portals"
        click.echo(
            f"crawling {len(names)} site(s) from the {where} into {db_path}, "
            f"{min(config.sites_at_once, len(names))} at once (log: {log_file})"
        )
    display = progress_display(len(names), quiet=quiet, verbose=verbose, heartbeat=config.heartbeat)
    results = _run(names, db_path, display, settings=settings, mirrors=mirrors, sites=sites, jobs=jobs)
    if isinstance(results, CrawlInterrupted):
        done = sum(r.finish_reason == "finished" for r in results.results)
        click.echo(
            f"interrupted: {done} of {len(names)} site(s) finished, the others stopped cleanly and "
            f"carry on next run (log: {log_file})",
            err=True,
        )
        sys.exit(128 + results.signum)
    try:
        if not quiet:
            click.echo("")
        click.echo(_summary_table(results))
    except BrokenPipeError:
        # The reader of stdout went away (`crawl | head`): the crawl's verdict, not the
        # pipe, still decides the exit code, so a failed site is never an exit 0.
        silence_stdout()
    refused = [r for r in results if r.finish_reason == "storage_error"]
    if refused:
        fail(f"the database refused a write, crawl stopped: {refused[0].error or db_path}", Exit.SETUP)
    failed = [r for r in results if not r.ok]
    if failed:
        if quiet:  # otherwise each cause was printed when its site ended
            for r in failed:
                click.echo(f"{r.spider}: FAILED - {'; '.join(r.problems)}", err=True)
        click.echo(f"{len(failed)} of {len(results)} site(s) failed; details in {log_file}", err=True)
        sys.exit(Exit.SITES_FAILED)


def _run(names, db_path, display, *, settings, mirrors, sites, jobs):
    """Crawl under the lock with ``display`` watching: the results, or the CrawlInterrupted."""
    from danvan_crawler.crawl.events import CrawlInterrupted
    from danvan_crawler.crawl.lock import CrawlLock, LockHeld
    from danvan_crawler.crawl.runner import CrawlSetupError, run_crawl, run_replica_crawl
    from danvan_crawler.store.database import StorageError

    lock = CrawlLock(db_path)
    try:
        lock.acquire()
    except LockHeld as err:
        fail(str(err), Exit.LOCKED)
    try:
        with display:
            if sites is not None:
                return run_replica_crawl(
                    names, db_path=db_path, sites=sites, settings=settings, events=display, jobs=jobs
                )
            return run_crawl(
                names, db_path=db_path, base_urls=mirrors, settings=settings, events=display, jobs=jobs
            )
    except CrawlInterrupted as stopped:
        return stopped
    except KeyboardInterrupt:
        return CrawlInterrupted(signal.SIGINT, [])
    except CrawlSetupError as err:
        fail(str(err), Exit.USAGE)
    except StorageError as err:
        fail(str(err))
    finally:
        lock.release()


@main.command()
def replicas():
    """Serve the replica portals on loopback until Ctrl-C (for debugging spiders)."""
    import time

    from danvan_crawler.crawl.project import platform_label, spider_classes
    from danvan_crawler.crawl.runner import REPLICA_PROXY_PORT
    from danvan_crawler.replicas import ReplicaFarm, build_all_sites

    spiders = spider_classes()
    with ReplicaFarm(build_all_sites(), proxy_port=REPLICA_PROXY_PORT) as farm:
        # The spider's platform, as `danvan list` prints it; the section URL on a line of its
        # own, so that the listing fits 100 columns.
        urls = {
            name: farm.host_url(name) + site.template.listing_path(site, 1)
            for name, site in farm.sites.items()
        }
        width = max(map(len, urls)) + 2
        for name, url in urls.items():
            click.echo(f"{name:{width}}{platform_label(spiders[name])}\n    {url}")
        click.echo(f"proxy: {farm.proxy_url}")
        click.echo(f"try:   curl -x {farm.proxy_url} {next(iter(urls.values()))}")
        click.echo("serving; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass

"""The ``danvan`` command: thin click wrappers over the library."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from danvan_crawler.settings import DANVAN_DB as DEFAULT_DB

# Documented exit codes (README "Exit codes").
EXIT_OK = 0
EXIT_SITES_FAILED = 1
EXIT_USAGE = 2
EXIT_SETUP = 3
EXIT_LOCKED = 4


def _remember_db(ctx, param, value):
    ctx.meta["danvan_db"] = value  # for error messages about the file (see _Main)
    return value


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file.",
    callback=_remember_db,
)


def fail(message: str, code: int = EXIT_SETUP) -> None:
    """Print a one-line error and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class _Main(click.Group):
    """Turns errors any command can meet (a broken spider module) into one-line messages."""

    def invoke(self, ctx):
        import sqlite3

        from danvan_crawler.crawl.project import SpiderLoadError

        try:
            return super().invoke(ctx)
        except SpiderLoadError as err:
            fail(str(err), EXIT_SETUP)
        except sqlite3.DatabaseError as err:
            # Damage deep in the file shows only when a query reaches it.
            db = ctx.meta.get("danvan_db", DEFAULT_DB)
            fail(
                f"{db}: {err} (the file is damaged; `sqlite3 {db} .recover` can rescue its rows)", EXIT_SETUP
            )


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="danvan-crawler")
def main() -> None:
    """Crawl Vietnamese provincial and district news portals into one SQLite file."""


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    """Left-aligned text table; None prints as an empty cell."""
    cells = [tuple("" if v is None else str(v) for v in row) for row in (header, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells)
    return "\n".join(line.rstrip() for line in lines)


def _summary_table(results) -> str:
    from danvan_crawler.crawl.counters import SUMMARY_COLUMNS

    header = ("site", "status", *SUMMARY_COLUMNS, "secs")
    rows = [
        (
            r.spider,
            "ok" if r.ok else "FAILED",
            *(getattr(r.counters, name) for name in SUMMARY_COLUMNS.values()),
            r.seconds,
        )
        for r in results
    ]
    return _table(header, rows)


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
    help="Share the sites among N processes writing to the same database (extraction is CPU-bound).",
)
def crawl(
    spiders, crawl_all, db_path, replicas, log_file, log_level, max_pages, base_urls, full, overrides, jobs
):
    """Crawl SPIDERS (or --all) into the database and print a per-site summary.

    Exit code 0 when every site yielded articles, 1 when some site failed,
    2 on a usage error, 3 when the database or setup is unusable, 4 when another
    crawl is already writing the same database.
    """
    from danvan_crawler.crawl.lock import CrawlLock, LockHeld
    from danvan_crawler.crawl.project import spider_classes
    from danvan_crawler.crawl.runner import CrawlSetupError, run_crawl, run_replica_crawl
    from danvan_crawler.store.database import Database, StorageError

    if crawl_all and spiders:
        fail("give spider names or --all, not both", EXIT_USAGE)
    names = list(spider_classes()) if crawl_all else list(spiders)
    if not names:
        fail("name at least one spider, or use --all (see `danvan list`)", EXIT_USAGE)
    mirrors = {}
    for pair in base_urls:
        name, sep, url = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            fail(f"--base-url takes SPIDER=http(s)://HOST[:PORT], got {pair!r}", EXIT_USAGE)
        mirrors[name] = url
    if replicas and mirrors:
        fail("--replicas and --base-url cannot be combined", EXIT_USAGE)
    from danvan_crawler.store.tags import TagRulesError, load_rules

    tag_rules = os.environ.get("DANVAN_TAG_RULES")  # passed on as the setting of that name
    try:
        load_rules(tag_rules)  # a broken rules file fails here, not at every article
    except TagRulesError as err:
        fail(str(err), EXIT_USAGE)
    try:
        with Database(db_path) as db:  # fail fast, before any request, on a bad path
            db.check_writable()
            db.check_integrity()
    except StorageError as err:
        fail(str(err))
    if log_file is None:
        log_file = db_path.parent / "logs" / f"crawl-{datetime.now():%Y%m%d-%H%M%S}.log"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail(f"cannot create log directory {log_file.parent}: {err.strerror}")
    settings = {"LOG_FILE": str(log_file), "LOG_LEVEL": log_level, "LOG_STDOUT": False}
    if tag_rules:
        settings["DANVAN_TAG_RULES"] = tag_rules
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            fail(f"-s takes NAME=VALUE with an upper-case Scrapy setting name, got {pair!r}", EXIT_USAGE)
        settings[name] = value
    if max_pages:
        settings["DANVAN_MAX_PAGES"] = max_pages
    if full:
        settings["DANVAN_FULL"] = True

    where = "replica portals on loopback" if replicas else "live portals"
    click.echo(f"crawling {len(names)} site(s) from the {where} into {db_path} (log: {log_file})")

    def progress(result):
        state = "ok" if result.ok else "FAILED: " + "; ".join(result.problems)
        click.echo(f"  {result.spider}: {result.counters.describe()} in {result.seconds}s - {state}")

    lock = CrawlLock(db_path)
    try:
        lock.acquire()
    except LockHeld as err:
        fail(str(err), EXIT_LOCKED)
    try:
        if replicas:
            results = run_replica_crawl(
                names, db_path=db_path, settings=settings, on_site_done=progress, jobs=jobs
            )
        else:
            results = run_crawl(
                names,
                db_path=db_path,
                base_urls=mirrors,
                settings=settings,
                on_site_done=progress,
                jobs=jobs,
            )
    except CrawlSetupError as err:
        fail(str(err), EXIT_USAGE)
    except StorageError as err:
        fail(str(err))
    finally:
        lock.release()
    click.echo("")
    click.echo(_summary_table(results))
    refused = [r for r in results if r.finish_reason == "storage_error"]
    if refused:
        fail(f"the database refused a write, crawl stopped: {refused[0].error or db_path}", EXIT_SETUP)
    failed = [r for r in results if not r.ok]
    if failed:
        for r in failed:
            click.echo(f"{r.spider}: FAILED - {'; '.join(r.problems)}", err=True)
        click.echo(f"{len(failed)} of {len(results)} site(s) failed; details in {log_file}", err=True)
        sys.exit(EXIT_SITES_FAILED)


@main.command()
@click.argument("source")
@click.option("--url", help="The page's URL, when SOURCE is a saved file (resolves links and images).")
@click.option("--spider", "spider_name", help="Apply this spider's platform and selectors.")
def extract(source, url, spider_name):
    """Extract one article page (FILE or URL) and print it as JSON.

    Without --spider the platform is recognised from the page's own signatures.
    """
    from danvan_crawler.extract.fetch import FetchError, fetch_page
    from danvan_crawler.extract.page import PageFailure, read_page

    spider_cls = _load_spider(spider_name) if spider_name else None
    if source.startswith(("http://", "https://")):
        try:
            page = fetch_page(source)
        except FetchError as err:
            fail(str(err), EXIT_SITES_FAILED)
        body, content_type, page_url = page.body, page.content_type, url or source
    else:
        path = Path(source)
        try:
            body = path.read_bytes()
        except OSError as err:
            fail(f"cannot read {source}: {err.strerror or err}", EXIT_SETUP)
        content_type, page_url = None, url or path.resolve().as_uri()
    result = read_page(
        body,
        page_url,
        content_type=content_type,
        profile=spider_cls.site_profile() if spider_cls else None,
        section=next(iter(spider_cls.sections), None) if spider_cls else None,
        site_name=spider_cls.site_name if spider_cls else None,
    )
    if isinstance(result, PageFailure):
        fail(f"{source}: {result}", EXIT_SETUP)
    data = result.to_dict()
    ordered = {
        k: data.pop(k) for k in ("title", "published", "author", "section", "text", "images", "content_hash")
    }
    click.echo(json.dumps({**ordered, **data}, ensure_ascii=False, indent=2))


@main.command(name="list")
def list_spiders():
    """List the spiders with their portal, platform and section URLs."""
    from danvan_crawler.crawl.project import spider_classes
    from danvan_crawler.extract.profiles import get_profile

    for name, cls in spider_classes().items():
        platform = get_profile(cls.platform).label
        click.echo(f"{name}\t{cls.site_name}\t{platform}")
        for label, section_url in cls.sections.items():
            click.echo(f"    {label}: {section_url}")


@main.command()
@db_option
def stats(db_path):
    """Per-site article counts and the last run of each site."""
    from danvan_crawler.store.database import Database, StorageError
    from danvan_crawler.store.queries import site_summary

    try:
        with Database(db_path, readonly=True) as db:
            rows = site_summary(db.conn)
    except StorageError as err:
        fail(str(err))
    if not rows:
        click.echo(f"{db_path}: no articles yet")
        return
    keys = tuple(rows[0])
    click.echo(_table(keys, [tuple(r.get(k) for k in keys) for r in rows]))


@main.command()
@db_option
@click.option(
    "--notify",
    metavar="CMD",
    help="Shell command run when there are alerts; gets the alert text on stdin and in $DANVAN_ALERTS.",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO8601",
    help="Judge health as of this time instead of now (for testing alert rules).",
)
def health(db_path, notify, now_text):
    """Per-site health and alerts; exits 1 when any alert is raised.

    Alerts: a site silent for longer than its usual publishing interval, a last
    run that found nothing, a jump in failures or fallback extractions, connection
    or server errors, a run that never finished.
    """
    import subprocess
    from datetime import datetime

    from danvan_crawler.operators.health import check_health
    from danvan_crawler.store.database import Database, StorageError

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            fail(f"--now takes an ISO 8601 time, got {now_text!r}", EXIT_USAGE)
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        with Database(db_path, readonly=True) as db:
            report = check_health(db, now=now)
    except StorageError as err:
        fail(str(err))
    header = ("site", "last success", "new 1d", "7d", "30d", "failures", "fallbacks", "interval d", "status")
    rows = [
        (
            h.site,
            h.last_success or "never",
            h.new_1d,
            h.new_7d,
            h.new_30d,
            f"{h.failure_rate:.0%}",
            f"{h.fallback_rate:.0%}",
            "" if h.usual_interval_days is None else f"{h.usual_interval_days:g}",
            "ALERT" if h.alerts else "ok",
        )
        for h in report
    ]
    click.echo(_table(header, rows))
    alerts = [f"{h.site}: {alert}" for h in report for alert in h.alerts]
    if not report:
        click.echo(f"{db_path}: no crawl runs yet")
    if not alerts:
        return
    text = "\n".join(alerts)
    click.echo("")
    click.echo(text)
    if notify:
        completed = subprocess.run(
            notify, shell=True, input=text, text=True, env={**os.environ, "DANVAN_ALERTS": text}
        )
        if completed.returncode != 0:
            click.echo(f"warning: --notify command exited {completed.returncode}", err=True)
    sys.exit(EXIT_SITES_FAILED)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to merge into (created if missing).",
)
def merge(sources, output):
    """Merge crawl databases into one by content hash (idempotent; all URLs and runs kept)."""
    from danvan_crawler.crawl.lock import CrawlLock, LockHeld
    from danvan_crawler.store.database import StorageError
    from danvan_crawler.store.merge import merge_databases

    lock = CrawlLock(output)
    try:
        lock.acquire()
    except LockHeld as err:
        fail(str(err), EXIT_LOCKED)
    except OSError as err:
        fail(f"cannot lock {output}: {err.strerror or err}")
    try:
        reports = merge_databases(list(sources), output)
    except StorageError as err:
        fail(str(err))
    finally:
        lock.release()
    for r in reports:
        click.echo(
            f"{r.source}: +{r.articles} articles, +{r.urls} URLs, +{r.runs} runs, "
            f"+{r.failures} failures, +{r.versions} versions"
        )


def _date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"{name} takes a date YYYY-MM-DD, got {value!r}", EXIT_USAGE)


@main.command()
@click.argument("query")
@db_option
@click.option("--site", help="Only this site (spider name).")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def search(query, db_path, site, since, limit):
    """Full-text search; matches with or without diacritics ("dan van", "dang uy")."""
    from danvan_crawler.consumers.search import search as search_articles
    from danvan_crawler.store.database import Database, StorageError

    since = _date_option(since, "--since")
    try:
        with Database(db_path, readonly=True) as db:
            results = search_articles(db.conn, query, site=site, since=since, limit=limit)
    except StorageError as err:
        fail(str(err))
    if not results:
        click.echo(f"no article matches {query!r}")
        return
    for r in results:
        click.echo(f"{r['published'] or '(no date)'}  {r['site']}  {r['title']}")
        click.echo(f"    {r['snippet']}")
        click.echo(f"    {r['url']}")


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
def duplicates(db_path, limit):
    """List near-duplicate clusters: the same story on several portals, earliest first."""
    from danvan_crawler.store.database import Database, StorageError
    from danvan_crawler.store.queries import cluster_members, duplicate_clusters

    try:
        with Database(db_path, readonly=True) as db:
            clusters = duplicate_clusters(db.conn, limit)
            members = {cid: cluster_members(db.conn, cid) for cid, _, _ in clusters}
    except StorageError as err:
        fail(str(err))
    if not clusters:
        click.echo("no near-duplicate clusters")
        return
    for cid, size, title in clusters:
        click.echo(f"cluster {cid} ({size} articles): {title}")
        for site, published, url, first in members[cid]:
            mark = "first" if first else "     "
            click.echo(f"  {mark}  {published or '(no date)':25}  {site:18}  {url}")


@main.command()
@db_option
@click.option(
    "--rules",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DANVAN_TAG_RULES",
    help="Tag rules file (TOML) [default: $DANVAN_TAG_RULES, else the packaged data/tags.toml].",
)
def retag(db_path, rules):
    """Recompute every article's topic tags after a change to the rules."""
    from danvan_crawler.store.database import Database, StorageError
    from danvan_crawler.store.queries import tag_counts
    from danvan_crawler.store.tags import TagRulesError, load_rules

    try:
        tag_rules = load_rules(rules)
        with Database(db_path) as db:
            count = db.retag(tag_rules)
            per_tag = tag_counts(db.conn)
    except TagRulesError as err:
        fail(str(err), EXIT_USAGE)
    except StorageError as err:
        fail(str(err))
    click.echo(f"re-tagged {count} articles: " + ", ".join(f"{t} {n}" for t, n in per_tag))


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--site", help="Only this site (spider name).")
@click.option("--tag", help="Only articles with this tag (dan_van, mat_tran, doan_the, xay_dung_dang, ...).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write [default: stdout]."
)
def export(db_path, fmt, since, site, tag, output):
    """Stream articles as JSON Lines or CSV (UTF-8, stable field order)."""
    from danvan_crawler.consumers.export import iter_articles, write_csv, write_jsonl
    from danvan_crawler.store.database import Database, StorageError

    since = _date_option(since, "--since")
    writer = write_csv if fmt == "csv" else write_jsonl
    try:
        with Database(db_path, readonly=True) as db:
            rows = iter_articles(db.conn, since=since, site=site, tag=tag)
            if output is None:
                count = writer(rows, click.get_text_stream("stdout"))
            else:
                partial = output.with_name(output.name + ".part")
                try:
                    with partial.open("w", encoding="utf-8", newline="") as out:
                        count = writer(rows, out)
                except OSError as err:
                    partial.unlink(missing_ok=True)
                    fail(f"cannot write {output}: {err.strerror or err}")
                partial.replace(output)  # readers never see a half-written export
    except StorageError as err:
        fail(str(err))
    click.echo(f"exported {count} articles", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(db_path, host, port):
    """Browse the database in Datasette: facets, canned queries, diacritic-free search."""
    import json
    import tempfile

    from datasette.cli import cli as datasette_cli
    from datasette.plugins import pm

    from danvan_crawler.consumers import browse
    from danvan_crawler.store.database import Database, StorageError

    if not db_path.is_file():
        fail(f"no database at {db_path}; run 'danvan crawl' first", EXIT_USAGE)
    try:
        # Opening it once checks the file and brings its schema up to date; Datasette
        # itself only reads.
        with Database(db_path):
            pass
    except StorageError as err:
        fail(str(err))
    if not pm.is_registered(browse):
        pm.register(browse, name="danvan")
    with tempfile.TemporaryDirectory(prefix="danvan-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(browse.metadata(db_path), ensure_ascii=False), encoding="utf-8")
        click.echo(f"serving {db_path} on http://{host}:{port}/{db_path.stem}; Ctrl-C to stop", err=True)
        args = ["serve", str(db_path), "--metadata", str(metadata_path), "--host", host, "--port", str(port)]
        try:
            datasette_cli.main(args, standalone_mode=False)
        except (KeyboardInterrupt, click.Abort):
            pass
        except click.ClickException as err:
            fail(f"datasette: {err.format_message()}")


def _load_spider(name: str):
    from danvan_crawler.crawl.project import spider_classes

    classes = spider_classes()
    if name not in classes:
        fail(f"unknown spider {name!r} (known: {', '.join(classes)})", EXIT_USAGE)
    return classes[name]


@main.command()
@click.argument("name")
@click.argument("section_url")
@click.option(
    "--spiders-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("spiders"),
    show_default=True,
    help="Where to write NAME.py.",
)
@click.option(
    "--fixtures-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tests") / "fixtures" / "spiders",
    show_default=True,
    help="Where to save the fetched pages as fixtures.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing spider module.")
def genspider(name, section_url, spiders_dir, fixtures_dir, force):
    """Draft spiders/NAME.py from a section URL: platform, links, paging and dates detected."""
    import importlib.util

    from danvan_crawler.extract.fetch import FetchError
    from danvan_crawler.operators.fixtures import save_fixture
    from danvan_crawler.operators.genspider import GenSpiderError, draft_spider, write_draft

    try:
        draft = draft_spider(name, section_url)
        path = write_draft(draft, spiders_dir, force=force)
    except GenSpiderError as err:
        fail(str(err), EXIT_USAGE)
    except FetchError as err:
        fail(str(err), EXIT_SITES_FAILED)
    except OSError as err:
        fail(f"cannot write the spider: {err.strerror or err}")
    click.echo(draft.report())
    spec = importlib.util.spec_from_file_location(f"danvan_draft_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    spider = next(v for v in vars(module).values() if getattr(v, "name", None) == name)
    try:
        listing = save_fixture(fixtures_dir, spider, section_url, draft.listing_html, kind="listing")
        article = save_fixture(fixtures_dir, spider, draft.article_url, draft.article_html)
    except OSError as err:
        fail(f"cannot write fixtures under {fixtures_dir}: {err.strerror or err}")
    click.echo(f"wrote {path}")
    click.echo(f"fixtures {listing} and {article}")
    sure = "sure" if draft.confidence >= 0.7 else "unsure: read the notes and check the module"
    click.echo(f"confidence {draft.confidence:.2f} ({sure}); next: danvan check {name} --live")


@main.command()
@click.argument("name")
@click.option(
    "--pages", type=click.IntRange(min=1), default=2, show_default=True, help="Listing pages per section."
)
@click.option(
    "--live", is_flag=True, help="Check against the live portal (default: its replica on loopback)."
)
@click.option("--base-url", help="Check against a mirror of the portal at this http(s) base URL.")
def check(name, pages, live, base_url):
    """Crawl N listing pages of one spider and print its field coverage; exit 1 below thresholds."""
    import tempfile

    from danvan_crawler.crawl.runner import CrawlSetupError, run_crawl, run_replica_crawl
    from danvan_crawler.operators.check import coverage_from_db

    _load_spider(name)
    if base_url and not base_url.startswith(("http://", "https://")):
        fail(f"--base-url takes an http(s) URL, got {base_url!r}", EXIT_USAGE)
    if live and base_url:
        fail("--live and --base-url cannot be combined", EXIT_USAGE)
    with tempfile.TemporaryDirectory(prefix="danvan-check-") as tmp:
        db_path = Path(tmp) / "check.db"
        settings = {
            "LOG_FILE": str(Path(tmp) / "check.log"),
            "LOG_LEVEL": "INFO",
            "LOG_STDOUT": False,
            "DANVAN_MAX_PAGES": pages,
            "DANVAN_INCREMENTAL": False,
        }
        where = "live portal" if live else (f"mirror {base_url}" if base_url else "replica on loopback")
        click.echo(f"checking {name}: {pages} listing page(s) per section from the {where}")
        try:
            if live or base_url:
                mirrors = {name: base_url} if base_url else {}
                run_crawl([name], db_path=db_path, base_urls=mirrors, settings=settings)
            else:
                run_replica_crawl([name], db_path=db_path, settings=settings)
        except CrawlSetupError as err:
            fail(f"{err}; use --live or --base-url", EXIT_USAGE)
        coverage = coverage_from_db(db_path, name)
    click.echo(f"{coverage.run.listing_pages} listing pages, {coverage.articles} articles")
    click.echo(coverage.table())
    problems = coverage.problems()
    if problems:
        click.echo(f"{name}: FAILED - {'; '.join(problems)}", err=True)
        sys.exit(EXIT_SITES_FAILED)
    click.echo(f"{name}: ok")


@main.command()
@click.argument("name")
@click.argument("url")
@click.option(
    "--fixtures-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tests") / "fixtures" / "spiders",
    show_default=True,
)
def snapshot(name, url, fixtures_dir):
    """Save an article page and its expected extraction as a regression fixture of spider NAME."""
    from danvan_crawler.extract.fetch import FetchError, fetch_page
    from danvan_crawler.extract.page import PageFailure, decode_page
    from danvan_crawler.operators.fixtures import save_fixture

    spider = _load_spider(name)
    try:
        page = fetch_page(url)
        html, _ = decode_page(page.body, page.content_type, kind="article")
        folder = save_fixture(fixtures_dir, spider, url, html)
    except FetchError as err:
        fail(str(err), EXIT_SITES_FAILED)
    except PageFailure as failure:
        fail(f"{url}: {failure}", EXIT_SITES_FAILED)
    except OSError as err:
        fail(f"cannot write fixture under {fixtures_dir}: {err.strerror or err}")
    import json

    expected = json.loads((folder / "expected.json").read_text("utf-8"))["expected"]
    click.echo(f"saved {folder}")
    for key in ("title", "published", "author"):
        click.echo(f"  {key}: {expected[key]}")
    click.echo(
        f"  text: {len(expected['text'] or '')} characters; fallbacks: {expected['fallbacks'] or 'none'}"
    )


@main.command()
def replicas():
    """Serve the replica portals on loopback until Ctrl-C (for debugging spiders)."""
    import time

    from danvan_crawler.replicas import ReplicaFarm, build_all_sites

    with ReplicaFarm(build_all_sites()) as farm:
        for name, site in farm.sites.items():
            click.echo(f"{name}\t{site.platform}\t{farm.section_url(name)}")
        click.echo("serving; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

"""Commands for operators: extract, links, list, health, merge, genspider, check, snapshot."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from danvan_crawler.cli.app import Exit, db_option, fail, main, table


@contextmanager
def _page_errors(source: str):
    """One line and the documented exit code for a page that cannot be read (README "Exit codes")."""
    from danvan_crawler.extract.fetch import FetchError
    from danvan_crawler.extract.page import PageFailure

    try:
        yield
    except FetchError as err:
        fail(str(err), Exit.SITES_FAILED)
    except PageFailure as err:  # not an HTML page: binary, PDF, empty, too large
        fail(f"{source}: {err}", Exit.SETUP)
    except OSError as err:
        fail(f"cannot read {err.filename or source}: {err.strerror or err}", Exit.SETUP)


def _page_options(command):
    """SOURCE and the options of the commands that read one page (extract, links)."""
    options = (
        click.argument("source"),
        click.option("--url", help="The page's URL, when SOURCE is a saved file (resolves its links)."),
        click.option("--spider", "spider_name", help="Apply this spider's platform and selectors."),
        click.option(
            "--db",
            "db_path",
            type=click.Path(dir_okay=False, exists=True, path_type=Path),
            help="Use the site template learned in this database (the site is --spider, else the host).",
        ),
        click.option(
            "--also",
            multiple=True,
            metavar="PAGE",
            help="A sibling page to learn the template from (repeatable).",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@_page_options
def extract(source, url, spider_name, db_path, also):
    """Extract one article page (FILE or URL) and print it as JSON.

    Without --spider the platform is recognised from the page's own signatures. "choices"
    lists, per field, the candidates tried and why the ones before the winner lost.
    """
    from danvan_crawler.extract.page import PageFailure, decode_page, read_page
    from danvan_crawler.extract.source import load_source
    from danvan_crawler.operators.links import site_key, site_template

    spider_cls = _load_spider(spider_name) if spider_name else None
    with _page_errors(source):
        page = load_source(source, url=url, kind="article")
        template = None
        if db_path is not None or also:
            html, _ = decode_page(page.body, page.content_type, kind="article")
            key = site_key(page.url, spider_name)
            template = site_template(html, page.url, key, db_path=db_path, also=also, kind="article")
    result = read_page(
        page.body,
        page.url,
        content_type=page.content_type,
        profile=spider_cls.site_profile() if spider_cls else None,
        section=next(iter(spider_cls.sections), None) if spider_cls else None,
        site_name=spider_cls.site_name if spider_cls else None,
        template=template,
    )
    if isinstance(result, PageFailure):
        fail(f"{source}: {result}", Exit.SETUP)
    data = result.to_dict()
    ordered = {
        k: data.pop(k) for k in ("title", "published", "author", "section", "text", "images", "content_hash")
    }
    data["choices"] = result.choices
    click.echo(json.dumps({**ordered, **data}, ensure_ascii=False, indent=2))


@main.command()
@_page_options
def links(source, url, spider_name, db_path, also):
    """Read one listing page (FILE or URL): its article links and next page, as JSON.

    Prints article_links (absolute, page order), next_page (or null), how each was
    found and the next-page candidates turned down; see docs/extraction.md.
    """
    from danvan_crawler.operators.links import read_links
    from danvan_crawler.store.database import StorageError

    spider_cls = _load_spider(spider_name) if spider_name else None
    try:
        with _page_errors(source):
            result = read_links(
                source,
                url=url,
                profile=spider_cls.site_profile() if spider_cls else None,
                site=spider_name,
                db_path=db_path,
                also=tuple(also),
            )
    except StorageError as err:
        fail(f"{source}: {err}", Exit.SETUP)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


@main.command(name="list")
def list_spiders():
    """List the spiders with their portal, platform and section URLs."""
    from danvan_crawler.crawl.project import platform_label, spider_classes

    for name, cls in spider_classes().items():
        click.echo(f"{name}\t{cls.site_name}\t{platform_label(cls)}")
        for label, section_url in cls.sections.items():
            click.echo(f"    {label}: {section_url}")


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
    help="Judge health as of this time instead of now (for testing alert rules); no offset means +07:00.",
)
def health(db_path, notify, now_text):
    """Per-site health and alerts; exits 1 when any alert is raised.

    Alerts: a site silent for longer than its usual publishing interval, a last
    run that found nothing, a jump in failures or fallback extractions, connection
    or server errors, a run that never finished.
    """
    import subprocess

    from danvan_crawler.extract.dates import VN_TZ
    from danvan_crawler.localtime import LOCAL_LABEL, local_time
    from danvan_crawler.operators.health import check_health
    from danvan_crawler.store.database import Database, StorageError

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            fail(f"--now takes an ISO 8601 time, got {now_text!r}", Exit.USAGE)
        now = now if now.tzinfo else now.replace(tzinfo=VN_TZ)
    try:
        with Database(db_path, readonly=True) as db:
            report = check_health(db, now=now)
    except StorageError as err:
        fail(str(err))
    header = ("site", f"last success ({LOCAL_LABEL})", "new 1d", "7d", "30d", "failures", "fallbacks")
    header += ("interval d", "status")
    rows = [
        (
            h.site,
            local_time(h.last_success) or "never",
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
    click.echo(table(header, rows))
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
    sys.exit(Exit.SITES_FAILED)


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
        fail(str(err), Exit.LOCKED)
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


def _load_spider(name: str):
    from danvan_crawler.crawl.project import spider_classes

    classes = spider_classes()
    if name not in classes:
        fail(f"unknown spider {name!r} (known: {', '.join(classes)})", Exit.USAGE)
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

    from danvan_crawler.operators.fixtures import save_fixture
    from danvan_crawler.operators.genspider import GenSpiderError, draft_spider, write_draft

    try:
        with _page_errors(section_url):
            draft = draft_spider(name, section_url)
        path = write_draft(draft, spiders_dir, force=force)
    except GenSpiderError as err:
        fail(str(err), Exit.USAGE)
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

    from danvan_crawler.crawl.events import CrawlInterrupted
    from danvan_crawler.crawl.runner import CrawlSetupError, run_crawl, run_replica_crawl
    from danvan_crawler.operators.check import check_first_section, coverage_from_db

    spider_cls = _load_spider(name)
    if base_url and not base_url.startswith(("http://", "https://")):
        fail(f"--base-url takes an http(s) URL, got {base_url!r}", Exit.USAGE)
    if live and base_url:
        fail("--live and --base-url cannot be combined", Exit.USAGE)
    if live or base_url:
        with _page_errors(name):
            check_first_section(spider_cls, base_url)
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
            fail(f"{err}; use --live or --base-url", Exit.USAGE)
        except CrawlInterrupted as stopped:  # Ctrl-C: 128 + the signal, as the crawl exits
            fail(f"check of {name} interrupted", 128 + stopped.signum)
        coverage = coverage_from_db(db_path, name)
    click.echo(f"{coverage.run.listing_pages} listing pages, {coverage.articles} articles")
    click.echo(coverage.table())
    problems = coverage.problems()
    if problems:
        click.echo(f"{name}: FAILED - {'; '.join(problems)}", err=True)
        sys.exit(Exit.SITES_FAILED)
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
    from danvan_crawler.extract.page import decode_page
    from danvan_crawler.extract.source import load_source
    from danvan_crawler.operators.fixtures import save_fixture

    spider = _load_spider(name)
    if not url.startswith(("http://", "https://")):
        fail(f"URL must be an http(s) URL, got {url!r}", Exit.USAGE)
    with _page_errors(url):
        page = load_source(url, kind="article")
        html, _ = decode_page(page.body, page.content_type, kind="article")
        try:
            folder = save_fixture(fixtures_dir, spider, url, html)
        except OSError as err:
            fail(f"cannot write fixture under {fixtures_dir}: {err.strerror or err}")
    expected = json.loads((folder / "expected.json").read_text("utf-8"))["expected"]
    click.echo(f"saved {folder}")
    for key in ("title", "published", "author"):
        click.echo(f"  {key}: {expected[key]}")
    click.echo(
        f"  text: {len(expected['text'] or '')} characters; fallbacks: {expected['fallbacks'] or 'none'}"
    )

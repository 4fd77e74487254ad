"""Commands for readers of the database: stats, search, duplicates, retag, export, serve."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from danvan_crawler.cli.app import Exit, db_option, fail, main, table


@main.command()
@db_option
def stats(db_path):
    """Per-site article counts and the last run of each site (times in +07:00)."""
    from danvan_crawler.consumers.stats import HEADER, fit, site_stats
    from danvan_crawler.store.database import Database, StorageError

    try:
        with Database(db_path, readonly=True) as db:
            report = site_stats(db.conn)
    except StorageError as err:
        fail(str(err))
    if not report.rows:
        click.echo(f"{db_path}: no crawl runs yet")
        return
    click.echo("\n".join(fit(table(HEADER, report.rows).splitlines())))
    if report.notes:
        click.echo("\n" + "\n".join(report.notes))


def _date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"{name} takes a date YYYY-MM-DD, got {value!r}", Exit.USAGE)


@main.command()
@click.argument("query")
@db_option
@click.option("--site", help="Only this site (spider name).")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def search(query, db_path, site, since, limit):
    """Full-text search; matches with or without diacritics ("dan van", "dang uy")."""
    from danvan_crawler.consumers.search import QueryError, search_report
    from danvan_crawler.store.database import Database, StorageError

    since = _date_option(since, "--since")
    try:
        with Database(db_path, readonly=True) as db:
            report = search_report(db.conn, query, site=site, since=since, limit=limit)
    except QueryError as err:
        fail(str(err), Exit.USAGE)
    except StorageError as err:
        fail(str(err))
    _warn(report.warnings)
    if not report.results:
        click.echo(f"no article matches {query!r}")
        return
    for r in report.results:
        click.echo(f"{r['published'] or '(no date)'}  {r['site']}  {r['title']}")
        click.echo(f"    {r['snippet']}")
        click.echo(f"    {r['url']}")
    if report.footer:
        click.echo(report.footer)


def _warn(warnings: list[str]) -> None:
    for line in warnings:
        click.echo(f"warning: {line}", err=True)


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
def duplicates(db_path, limit):
    """List near-duplicate clusters: the same story on several portals, earliest first."""
    from danvan_crawler.consumers.duplicates import duplicates_report
    from danvan_crawler.store.database import Database, StorageError

    try:
        with Database(db_path, readonly=True) as db:
            report = duplicates_report(db.conn, limit)
    except StorageError as err:
        fail(str(err))
    if not report.clusters:
        click.echo("no near-duplicate clusters")
        return
    for cluster in report.clusters:
        click.echo(f"cluster {cluster.cluster_id} ({cluster.size} articles): {cluster.title}")
        for site, published, url, first in cluster.members:
            mark = "first" if first else "     "
            click.echo(f"  {mark}  {published or '(no date)':25}  {site:18}  {url}")
    if report.footer:
        click.echo(report.footer)


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
        fail(str(err), Exit.USAGE)
    except StorageError as err:
        fail(str(err))
    click.echo(f"re-tagged {count} articles: " + ", ".join(f"{t} {n}" for t, n in per_tag))


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), help="[default: jsonl; csv with --excel]"
)
@click.option(
    "--excel", is_flag=True, help="CSV for Excel: a UTF-8 byte-order mark, so Vietnamese shows right."
)
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--site", help="Only this site (spider name).")
@click.option("--tag", help="Only articles with this tag (dan_van, mat_tran, doan_the, xay_dung_dang, ...).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write [default: stdout]."
)
def export(db_path, fmt, excel, since, site, tag, output):
    """Stream articles as JSON Lines or CSV (UTF-8, stable field order)."""
    from functools import partial

    from danvan_crawler.consumers.export import iter_articles, write_csv, write_jsonl
    from danvan_crawler.consumers.filters import filter_warnings
    from danvan_crawler.store.database import Database, StorageError

    since = _date_option(since, "--since")
    if excel and fmt == "jsonl":
        fail("--excel writes CSV; leave out --format jsonl", Exit.USAGE)
    writer = partial(write_csv, excel=excel) if excel or fmt == "csv" else write_jsonl
    try:
        with Database(db_path, readonly=True) as db:
            _warn(filter_warnings(db.conn, site=site, tag=tag))
            rows = iter_articles(db.conn, since=since, site=site, tag=tag)
            if output is None:
                # UTF-8 whatever the locale (cron's may be C), rows' line ends as written.
                out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
                try:
                    count = writer(rows, out)
                finally:
                    out.detach()  # leave stdout open for the summary line and the exit
            else:
                part_file = output.with_name(output.name + ".part")
                try:
                    with part_file.open("w", encoding="utf-8", newline="") as out:
                        count = writer(rows, out)
                except OSError as err:
                    part_file.unlink(missing_ok=True)
                    fail(f"cannot write {output}: {err.strerror or err}")
                part_file.replace(output)  # readers never see a half-written export
    except StorageError as err:
        fail(str(err))
    click.echo(f"exported {count} articles", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(db_path, host, port):
    """Browse the database in Datasette: facets, canned queries, diacritic-free search."""
    import tempfile

    from datasette.cli import cli as datasette_cli
    from datasette.plugins import pm

    from danvan_crawler.consumers import browse
    from danvan_crawler.store.database import Database, StorageError

    if not db_path.is_file():
        fail(f"no database at {db_path}; run 'danvan crawl' first", Exit.USAGE)
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

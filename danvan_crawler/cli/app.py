"""The ``danvan`` command group, its exit codes and the options commands share."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path

import click

from danvan_crawler.settings import DANVAN_DB as DEFAULT_DB


class Exit(IntEnum):
    """The documented exit codes (README "Exit codes"); Ctrl-C ends with 128 + the signal."""

    OK = 0
    SITES_FAILED = 1
    USAGE = 2
    SETUP = 3
    LOCKED = 4


def _remember_db(ctx, param, value):
    ctx.meta["danvan_db"] = value  # for error messages about the file (see _Main)
    if value is not None and value.is_dir():
        # A bad path is a setup error (exit 3), not click's usage block (exit 2).
        fail(f"{value} is a directory, not a database file", Exit.SETUP)
    return value


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file.",
    callback=_remember_db,
)


def fail(message: str, code: int = Exit.SETUP) -> None:
    """Print a one-line error and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def silence_stdout() -> None:
    """Point stdout at /dev/null once its reader has gone: later writes, and Python's flush at
    exit, then raise nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _quiet_exit_on_closed_pipe() -> None:
    """Exit 0 without a word when the reader of stdout has gone (``danvan export | head``)."""
    silence_stdout()
    sys.exit(Exit.OK)


class _Main(click.Group):
    """Turns errors any command can meet (a broken spider module) into one-line messages."""

    def invoke(self, ctx):
        import sqlite3

        from danvan_crawler.crawl.project import SpiderLoadError

        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a closed pipe shows here, not as noise at interpreter exit
        except BrokenPipeError:
            _quiet_exit_on_closed_pipe()
        except SpiderLoadError as err:
            fail(str(err), Exit.SETUP)
        except sqlite3.DatabaseError as err:
            # Damage deep in the file shows only when a query reaches it.
            db = ctx.meta.get("danvan_db", DEFAULT_DB)
            fail(
                f"{db}: {err} (the file is damaged; `sqlite3 {db} .recover` can rescue its rows)", Exit.SETUP
            )


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="danvan-crawler")
def main() -> None:
    """Crawl Vietnamese provincial and district news portals into one SQLite file."""


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    """Left-aligned text table; None prints as an empty cell."""
    cells = [tuple("" if v is None else str(v) for v in row) for row in (header, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells)
    return "\n".join(line.rstrip() for line in lines)

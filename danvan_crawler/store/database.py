"""The SQLite file: the connection, its pragmas, transactions, and the errors a user must fix.

Writes go through explicit ``BEGIN IMMEDIATE`` transactions on an autocommit
connection, so an article and its URL row land together or not at all, and a
killed crawl never leaves a half-written row.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_crawler.store.articles import ArticleWriter
from danvan_crawler.store.indexing import MAX_CANDIDATES
from danvan_crawler.store.runs import RunLog
from danvan_crawler.store.schema import MIGRATIONS, SCHEMA_VERSION
from danvan_crawler.store.tags import TagRules

if TYPE_CHECKING:
    import sqlite_utils

logger = logging.getLogger(__name__)


# WAL pages between automatic checkpoints (SQLite's default is 1,000). Each stored article
# writes ~75 pages, most of them random B-tree leaves (its 32 LSH buckets alone ~40); a
# checkpoint copies every distinct page since the last one into the file, so a longer
# interval writes a page touched by several articles once. Measured storing 1,499
# overlapping stories (benchmarks/_store_alone.py): bytes written halve, CPU per article
# falls 10 % and no longer grows from 1,000 to 10,000 stored through the kernel's
# write-back. The WAL file grows to ~32 MB between checkpoints.
WAL_CHECKPOINT_PAGES = 8000
# Stored articles from which an upgrade of the file is announced: version 9 fingerprints
# every article again (~0.4 ms each).
LONG_UPGRADE_ARTICLES = 20_000


class _SharedConnections:
    """One connection to each database file per process, for the sites a crawl runs at once.

    A crawl runs a Scrapy crawler per site in progress (up to ``DANVAN_SITES_AT_ONCE``), each
    with its own ``Database``. With a connection each, every article one site stored changed
    the WAL under the others, and SQLite empties a connection's page cache when it finds the
    WAL changed by another: every article's lookups re-read their B-tree pages from the
    file (~120 ``pread`` calls an article in a crawl of a dozen sites, and each connection
    grew a page cache of its own). All in the reactor's thread, each write a synchronous
    ``BEGIN IMMEDIATE`` ... ``COMMIT``, the sites can share one connection: no transaction
    is ever open while another site's code runs.
    """

    def __init__(self):
        # (process id, resolved path) -> [connection, users]; the id keeps a forked process
        # off its parent's connection, which must not cross a fork.
        self._open: dict[tuple[int, str], list] = {}

    def key(self, path: Path) -> tuple[int, str]:
        return os.getpid(), str(path.resolve())

    def get(self, key: tuple[int, str]) -> sqlite3.Connection | None:
        entry = self._open.get(key)
        if entry is None:
            return None
        entry[1] += 1
        return entry[0]

    def add(self, key: tuple[int, str], conn: sqlite3.Connection) -> None:
        self._open[key] = [conn, 1]

    def release(self, key: tuple[int, str]) -> bool:
        """One user fewer; True when it was the last (the connection is to be closed)."""
        entry = self._open.get(key)
        if entry is None:
            return True
        entry[1] -= 1
        if entry[1] > 0:
            return False
        del self._open[key]
        return True


_SHARED = _SharedConnections()


class StorageError(Exception):
    """A database problem the user must fix; ``str()`` is one line naming the path."""


class DatabaseLocked(StorageError):
    """Another process kept the database locked past the busy timeout."""


class SchemaTooNew(StorageError):
    """The file was written by a newer danvan-crawler."""


def _is_locked(err: sqlite3.Error) -> bool:
    return "locked" in str(err) or "busy" in str(err)


class Database(ArticleWriter, RunLog):
    """The crawler's SQLite file (WAL mode), migrated to ``SCHEMA_VERSION`` on open."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        readonly: bool = False,
        busy_timeout_ms: int = 30000,
        tag_rules: TagRules | None = None,
        near_dup_candidates: int = MAX_CANDIDATES,
        shared: bool = False,
    ):
        """``shared``: use the process's one writable connection to this file (opened here
        if there is none yet); each ``close()`` gives it up, the last one closes it."""
        self.path = Path(path)
        self.readonly = readonly
        self._tag_rules = tag_rules
        # Wall nanoseconds spent waiting for the write lock (another process writing).
        self.lock_wait_ns = 0
        self.near_dup_candidates, self.near_dup_capped = near_dup_candidates, 0
        self._shared_key = _SHARED.key(self.path) if shared and not readonly else None
        self._released = False
        conn = _SHARED.get(self._shared_key) if self._shared_key else None
        if conn is not None:  # opened, prepared and migrated by its first user
            self.conn = conn
            return
        self.conn = self._connect()
        try:
            self._prepare(busy_timeout_ms)
        except StorageError:
            self.conn.close()
            raise
        except sqlite3.OperationalError as err:
            self.conn.close()
            if _is_locked(err):
                raise DatabaseLocked(f"{self.path} is locked by another process") from None
            raise StorageError(f"cannot use {self.path}: {err}") from None
        except sqlite3.DatabaseError:
            self.conn.close()
            raise StorageError(f"{self.path} is not a SQLite database (or is corrupt)") from None
        if self._shared_key:
            _SHARED.add(self._shared_key, self.conn)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the connection (migrations, table introspection)."""
        # Imported on first use: sqlite-utils imports numpy when it is installed (~0.1 s of
        # start-up), and a run whose file is migrated already writes through ``conn`` alone.
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StorageError(f"{self.path} is a directory, not a database file")
        if self.readonly and not self.path.exists():
            raise StorageError(f"no database at {self.path}")
        if not self.readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StorageError(
                    f"cannot create directory {self.path.parent}: {err.strerror or err}"
                ) from None
        target, uri = (
            (f"{self.path.resolve().as_uri()}?mode=ro", True) if self.readonly else (self.path, False)
        )
        try:
            return sqlite3.connect(target, uri=uri, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as err:
            raise StorageError(f"cannot open {self.path}: {err}") from None

    def _prepare(self, busy_timeout_ms: int) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("select count(*) from sqlite_master").fetchone()
        if not self.readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path} has schema version {version}; this danvan-crawler knows "
                f"up to {SCHEMA_VERSION}: upgrade danvan-crawler"
            )
        if not self.readonly:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        # Our own small runner, as sqlite-utils has none: each step runs in one
        # transaction together with its PRAGMA user_version bump.
        if 0 < version < SCHEMA_VERSION:
            stored = self.conn.execute("select count(*) from articles").fetchone()[0]
            if stored >= LONG_UPGRADE_ARTICLES:  # a scheduled run must not just go quiet
                logger.warning(
                    "upgrading %s (%d articles) from schema version %d to %d: this can take minutes",
                    self.path,
                    stored,
                    version,
                    SCHEMA_VERSION,
                )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                MIGRATIONS[target - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {target}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), rolled back on error."""
        waiting = time.monotonic_ns()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if _is_locked(err):
                raise DatabaseLocked(f"{self.path} is locked by another process") from None
            raise StorageError(f"cannot write {self.path}: {err}") from None
        finally:
            self.lock_wait_ns += time.monotonic_ns() - waiting
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as err:
                self._rollback()
                raise StorageError(f"cannot write {self.path}: {err}") from None

    def _rollback(self) -> None:
        # SQLite rolls a transaction back by itself after some errors (SQLITE_FULL,
        # SQLITE_IOERR); a second ROLLBACK would then raise and hide the real cause.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                logger.warning("rollback of %s failed after an error", self.path)

    def check_writable(self) -> None:
        """StorageError unless a write can be committed (read-only file or mount, full disk)."""
        with self.transaction() as conn:
            conn.execute("PRAGMA user_version = " + str(conn.execute("PRAGMA user_version").fetchone()[0]))

    def check_integrity(self) -> None:
        """StorageError when SQLite finds the file damaged (``PRAGMA quick_check``)."""
        try:
            problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as err:
            problem = str(err)
        if problem != "ok":
            problem = " ".join(problem.replace("*** in database main ***", "").split())
            raise StorageError(
                f"{self.path} is damaged ({problem}); `sqlite3 {self.path} .recover` can rescue its rows"
            )

    def close(self) -> None:
        """Close the connection (a shared one once its last user closed it)."""
        if self._shared_key is None:
            self.conn.close()
        elif not self._released:  # a second close() must not take another user's share
            self._released = True
            if _SHARED.release(self._shared_key):
                self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""Articles written to the database in batches: one write transaction for many articles.

An article written in a transaction of its own rewrites every index page it touches (the
near-duplicate buckets' index, the full-text segments, the URL and date indexes): 235 KB
of WAL an article of the benchmark farm, against 39 KB in batches of 20, and ~0.3 ms of
CPU more an article (store/articles.py did the same work either way). The store pipeline
hands each prepared article to the batch of the process's connection to its database
file, which every site in progress shares (store/database.py); the batch is written when
it holds ``DANVAN_STORE_BATCH`` articles, ``DANVAN_STORE_BATCH_SECONDS`` after its first
one, when a site has nothing left to fetch (the pipeline asks for the write: its last
articles should not wait), or when the reactor shuts down, whichever comes first.

Nothing counts as stored before its batch committed: each article's pipeline call waits
for it, so stats, item signals and a site's end come after the commit, and a crash loses
only articles no run has recorded (the next run fetches them again). A batch the
database refuses is written again article by article, so that one article's error stops
only its own site; a locked database (another process past the busy timeout) fails the
whole batch at once instead of waiting for each article in turn.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass

from twisted.internet.defer import Deferred

from danvan_crawler.store.articles import PreparedArticle
from danvan_crawler.store.database import Database, DatabaseLocked, StorageError

logger = logging.getLogger(__name__)

# What a database refusing a write raises (disk full, read-only, locked, damaged).
WRITE_ERRORS = (StorageError, sqlite3.DatabaseError)


@dataclass
class Written:
    """What happened to one article of a batch, and its share of the batch's cost."""

    outcome: str  # "new", "duplicate" or "updated" (``Database.store_article``)
    cpu_ns: int
    lock_wait_ns: int
    alone: bool = False  # written on its own after the database refused its batch


@dataclass
class _Pending:
    db: Database
    article: PreparedArticle
    done: Deferred


class WriteBatch:
    """The articles waiting for one write transaction on one connection."""

    def __init__(self, size: int, seconds: float, key: int | None = None, clock=None):
        self.size, self.seconds = size, seconds
        self.clock = clock  # what schedules the timed write (IReactorTime): the reactor if None
        self.key = key  # its place in ``_BATCHES``, which it leaves when written
        self.pending: list[_Pending] = []
        self._timer = None

    def add(self, db: Database, article: PreparedArticle) -> Deferred:
        """Queue ``article`` (to be written through ``db``); fires with ``Written`` once
        committed, or fails with the database's error."""
        done: Deferred = Deferred()
        self.pending.append(_Pending(db, article, done))
        if len(self.pending) >= self.size:
            self.write()
        elif self._timer is None:
            if self.clock is None:
                from twisted.internet import reactor as clock
            else:
                clock = self.clock
            self._timer = clock.callLater(self.seconds, self.write)
        return done

    def write(self) -> None:
        """Write what is pending now, in one transaction (article by article if it fails)."""
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        if self.key is not None and _BATCHES.get(self.key) is self:
            del _BATCHES[self.key]
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            results = _store(pending)
        except Exception as err:  # a bug, not the database: each item fails with it
            # Raised out of here (a timer's call), it would leave every pipeline call of the
            # batch waiting, and its sites could never close.
            logger.exception("writing a batch of %d articles failed", len(pending))
            results = [err] * len(pending)
        for entry, result in zip(pending, results, strict=True):
            if isinstance(result, Exception):
                entry.done.errback(result)
            else:
                entry.done.callback(result)


def _store(pending: list[_Pending]) -> list[Written | Exception]:
    db = pending[0].db  # every entry's Database uses the same connection
    started, waited = time.process_time_ns(), db.lock_wait_ns
    try:
        outcomes = db.store_articles([entry.article for entry in pending])
    except WRITE_ERRORS as err:
        if len(pending) == 1 or isinstance(err, DatabaseLocked):
            return [err] * len(pending)
        logger.warning("a batch of %d articles was refused (%s): writing them one by one", len(pending), err)
        results = [result for entry in pending for result in _store([entry])]
        for result in results:
            if isinstance(result, Written):
                result.alone = True
        return results
    cpu, wait = time.process_time_ns() - started, db.lock_wait_ns - waited
    share = len(pending)
    return [Written(outcome, cpu // share, wait // share) for outcome in outcomes]


# Connection -> its batch, while it holds articles (keyed by id(): a batch is dropped once
# written, so a closed connection's id is never looked up; connections of one file are
# the process's shared one).
_BATCHES: dict[int, WriteBatch] = {}
_shutdown_hooked = False


def batch_for(db: Database, size: int, seconds: float) -> WriteBatch:
    """The batch of ``db``'s connection (made with ``size`` and ``seconds`` if there is none)."""
    global _shutdown_hooked
    batch = _BATCHES.get(id(db.conn))
    if batch is None:
        batch = _BATCHES[id(db.conn)] = WriteBatch(size, seconds, id(db.conn))
        if not _shutdown_hooked:
            from twisted.internet import reactor

            reactor.addSystemEventTrigger("before", "shutdown", write_all)
            _shutdown_hooked = True
    return batch


def write_all() -> None:
    """Write every pending batch now (the reactor is shutting down)."""
    for batch in list(_BATCHES.values()):
        batch.write()

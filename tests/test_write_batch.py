"""Articles written many to a transaction (crawl/write_batch.py): when, what, and on errors."""

from __future__ import annotations

import random
import sqlite3

from twisted.internet.task import Clock

from danvan_crawler.crawl import write_batch
from danvan_crawler.crawl.write_batch import WriteBatch, Written
from danvan_crawler.extract.normalize import content_hash
from danvan_crawler.store.database import Database, DatabaseLocked

_VOCABULARY = (
    "dân vận tỉnh ủy hội nghị tổng kết công tác năm mặt trận tổ quốc đoàn thể chính trị xã hội "
    "phong trào thi đua khéo nông thôn mới cựu chiến binh phụ nữ thanh niên nông dân công đoàn "
    "huyện xã phường ban chỉ đạo kế hoạch triển khai nhiệm vụ giải pháp kết quả đánh giá"
)
WORDS = _VOCABULARY.split()


def _story(n: int) -> str:
    """Eighty words of their own: stories of other numbers share too few shingles to be copies."""
    return " ".join(random.Random(n).choices(WORDS, k=80)) + "."


def _article(n: int, text: str | None = None, title: str | None = None) -> dict:
    text = text or f"Bài số {n}. {_story(n)}"
    return {
        "content_hash": content_hash(text),
        "url": f"http://a.vn/tin/{n}.html",
        "site": "a",
        "title": title or f"Tin {n}",
        "text": text,
    }


def _results(done: list) -> list:
    """What each Deferred fired with (a Written, a failure's exception, or None: not yet)."""
    seen: list = [None] * len(done)

    def keep(result, i):
        seen[i] = getattr(result, "value", result)  # a Failure's exception
        return None  # handled: no "unhandled error" at collection

    for i, deferred in enumerate(done):
        deferred.addBoth(keep, i)
    return seen


def _stored(path) -> list[str]:
    """Titles committed to the file, seen from another connection."""
    conn = sqlite3.connect(path)
    try:
        return [t for (t,) in conn.execute("select title from articles order by id")]
    finally:
        conn.close()


def test_a_batch_is_written_when_full(tmp_path):
    clock = Clock()
    with Database(tmp_path / "a.db") as db:
        batch = WriteBatch(3, 10.0, clock=clock)
        first = [batch.add(db, db.prepare_article(_article(n))) for n in (1, 2)]
        seen = _results(first)
        assert seen == [None, None] and _stored(db.path) == []
        repeat = _article(3, text=_article(1)["text"])  # the first one's text at another URL
        seen += _results([batch.add(db, db.prepare_article(repeat))])
        assert [r.outcome for r in seen] == ["new", "new", "duplicate"]
        assert all(isinstance(r, Written) and r.cpu_ns > 0 and not r.alone for r in seen)
        assert _stored(db.path) == ["Tin 1", "Tin 2"]
        assert not clock.getDelayedCalls()  # the timer went with the write


def test_a_batch_is_written_after_its_seconds(tmp_path):
    clock = Clock()
    with Database(tmp_path / "a.db") as db:
        batch = WriteBatch(32, 0.2, clock=clock)
        done = [batch.add(db, db.prepare_article(_article(1)))]
        clock.advance(0.19)
        assert not done[0].called and _stored(db.path) == []
        done.append(batch.add(db, db.prepare_article(_article(2))))  # the first one's timer
        seen = _results(done)
        clock.advance(0.02)
        assert [r.outcome for r in seen] == ["new", "new"]
        assert _stored(db.path) == ["Tin 1", "Tin 2"]


def test_a_batch_stores_what_one_by_one_stores(tmp_path):
    """Duplicates, edits and near-duplicate clusters within one batch come out as they do
    when each article has a transaction of its own."""
    edited = {**_article(1, text=_article(1)["text"] + " Bổ sung."), "title": "Tin 1 (sửa)"}
    words = _article(4)["text"].split()
    near = _article(5, text=" ".join([*words[:40], "sơ", *words[40:]]))  # one word added
    items = [_article(1), _article(2), _article(7, text=_article(2)["text"]), edited, _article(4), near]
    dumps = []
    for name, size in (("one.db", 1), ("batch.db", len(items))):
        with Database(tmp_path / name) as db:
            batch = WriteBatch(size, 10.0, clock=Clock())
            seen = _results([batch.add(db, db.prepare_article(item)) for item in items])
            assert [r.outcome for r in seen] == ["new", "new", "duplicate", "updated", "new", "new"]
            dumps.append(
                [
                    db.conn.execute(f"select * from {table} order by 1, 2").fetchall()
                    for table in ("articles", "article_urls", "article_versions", "article_tags")
                ]
            )
            clusters = dict(db.conn.execute("select title, cluster_id from articles"))
            assert clusters["Tin 5"] == clusters["Tin 4"] != clusters["Tin 2"]
    for one, batched in zip(*dumps, strict=True):
        # Times of day differ (fetched_at is the items', replaced_at is now): compare the rest.
        assert [_without_times(r) for r in one] == [_without_times(r) for r in batched]


def _without_times(row: tuple) -> tuple:
    return tuple(v for v in row if not (isinstance(v, str) and v[:2] == "20" and "T" in v))


def test_a_refused_batch_is_written_article_by_article(tmp_path):
    """One article the database refuses fails alone; the others of its batch are stored."""
    with Database(tmp_path / "a.db") as db:
        db.conn.execute(
            "create trigger refuse before insert on articles when new.title = 'bad' "
            "begin select raise(abort, 'refused'); end"
        )
        batch = WriteBatch(3, 10.0, clock=Clock())
        items = [_article(1), _article(2, title="bad"), _article(3)]
        seen = _results([batch.add(db, db.prepare_article(item)) for item in items])
        assert seen[0].outcome == seen[2].outcome == "new"
        assert seen[0].alone and seen[2].alone  # counted by the store pipeline
        assert isinstance(seen[1], sqlite3.IntegrityError) and "refused" in str(seen[1])
        assert _stored(db.path) == ["Tin 1", "Tin 3"]


def test_a_locked_database_fails_the_batch_at_once(tmp_path, monkeypatch):
    """Past the busy timeout every article of the batch fails: no wait per article."""
    path = tmp_path / "a.db"
    Database(path).close()
    calls = []
    original = Database.store_articles

    def counted(self, articles):
        calls.append(len(articles))
        return original(self, articles)

    monkeypatch.setattr(Database, "store_articles", counted)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with Database(path, busy_timeout_ms=50) as db:
            batch = WriteBatch(3, 10.0, clock=Clock())
            prepared = [db.prepare_article(_article(n)) for n in (1, 2, 3)]
            holder.execute("begin immediate")
            seen = _results([batch.add(db, article) for article in prepared])
            holder.execute("rollback")
    finally:
        holder.close()
    assert calls == [3]
    assert all(isinstance(r, DatabaseLocked) for r in seen)
    assert _stored(path) == []


def test_pending_batches_are_written_at_shutdown(tmp_path, monkeypatch):
    monkeypatch.setattr(write_batch, "_BATCHES", {})
    with Database(tmp_path / "a.db") as db:
        batch = write_batch._BATCHES[id(db.conn)] = WriteBatch(32, 10.0, key=id(db.conn), clock=Clock())
        seen = _results([batch.add(db, db.prepare_article(_article(1)))])
        write_batch.write_all()
        assert seen[0].outcome == "new" and _stored(db.path) == ["Tin 1"]
        assert write_batch._BATCHES == {}


def test_the_batch_settings_are_read():
    from scrapy.settings import Settings

    from danvan_crawler.crawl.config import CrawlConfig

    settings = Settings()
    settings.setmodule("danvan_crawler.settings")
    defaults = CrawlConfig.from_settings(settings)
    assert (defaults.store_batch, defaults.store_batch_seconds) == (32, 0.2)
    settings.setdict({"DANVAN_STORE_BATCH": "1", "DANVAN_STORE_BATCH_SECONDS": "0.5"})
    config = CrawlConfig.from_settings(settings)
    assert (config.store_batch, config.store_batch_seconds) == (1, 0.5)


def test_a_bug_in_the_write_fails_each_article_instead_of_leaving_it_waiting(tmp_path, monkeypatch):
    def broken(self, articles):
        raise TypeError("a bug")

    with Database(tmp_path / "a.db") as db:
        batch = WriteBatch(2, 10.0, clock=Clock())
        prepared = [db.prepare_article(_article(n)) for n in (1, 2)]
        monkeypatch.setattr(Database, "store_articles", broken)
        seen = _results([batch.add(db, article) for article in prepared])
        assert [type(r) for r in seen] == [TypeError, TypeError]
        assert batch.pending == []

"""The SQLite layer: schema, dedup by content hash, FTS, WAL, errors, and the documented queries."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from danvan_crawler.consumers.search import search
from danvan_crawler.extract.normalize import content_hash
from danvan_crawler.store.database import (
    WAL_CHECKPOINT_PAGES,
    Database,
    DatabaseLocked,
    SchemaTooNew,
    StorageError,
)
from danvan_crawler.store.queries import site_summary
from danvan_crawler.store.schema import SCHEMA_VERSION

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def _item(text="Ban Dân vận Huyện ủy tổ chức hội nghị công tác dân vận.", url="http://a.vn/1", **extra):
    return {
        "content_hash": content_hash(text),
        "url": url,
        "site": "la34",
        "spider": "la34",
        "title": "Hội nghị công tác Dân vận",
        "text": text,
        "published": "2019-06-27T15:04:00+07:00",
        "author": "Thanh Thủy",
        "images": [{"url": "http://a.vn/x.jpg", "caption": "Quang cảnh"}],
        "extraction": {"methods": {}},
        **extra,
    }


def _count(db, table="articles") -> int:
    return db.conn.execute(f"select count(*) from {table}").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "sub" / "t.db") as database:
        yield database


def test_schema(db):
    tables = set(db.db.table_names())
    assert {"articles", "article_urls", "crawl_runs", "failures", "articles_search"} <= tables
    assert db.conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("pragma wal_autocheckpoint").fetchone()[0] == WAL_CHECKPOINT_PAGES
    indexes = {tuple(i.columns) for i in db.db["articles"].indexes}
    assert {("site",), ("published",), ("site", "published"), ("content_hash",)} <= indexes
    columns = set(db.db["articles"].columns_dict)
    assert {"content_hash", "title", "text", "published", "author", "images"} <= columns


def test_same_text_at_second_url_is_a_duplicate(db):
    run = db.begin_run(spider="la34", site="la34")
    assert db.store_article(_item(), run_id=run) == "new"
    assert db.store_article(_item(url="http://b.vn/2", site="langson"), run_id=run) == "duplicate"
    assert db.store_article(_item(url="http://b.vn/2"), run_id=run) == "duplicate"
    assert _count(db) == 1
    urls = db.conn.execute("select url, site from article_urls order by url").fetchall()
    assert urls == [("http://a.vn/1", "la34"), ("http://b.vn/2", "langson")]


def test_tone_variant_text_is_the_same_article(db):
    db.store_article(_item(text="Hòa bình và thủy lợi."))
    assert db.store_article(_item(text="Hoà bình và thuỷ lợi.", url="http://a.vn/2")) == "duplicate"


def test_invalid_item_writes_nothing(db):
    with pytest.raises(ValueError):
        db.store_article(_item(text=""))
    assert _count(db) == 0
    assert _count(db, "article_urls") == 0


def test_error_after_sqlite_rolled_back_by_itself_keeps_its_cause(db):
    # SQLITE_FULL and some I/O errors end the transaction inside SQLite; the
    # caller must still see that error, not "cannot rollback".
    full = pytest.raises(sqlite3.OperationalError, match="database or disk is full")
    with full, db.transaction() as conn:
        conn.execute("create table scratch (x)")
        conn.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")
    assert "scratch" not in db.db.table_names()
    with db.transaction() as conn:  # the connection is usable afterwards
        conn.execute("select 1")


def test_search(db):
    db.store_article(_item())
    assert search(db.conn, "dân vận")[0]["title"] == "Hội nghị công tác Dân vận"
    assert search(db.conn, "dan van"), "diacritic-insensitive search"
    assert "[" in search(db.conn, "hội nghị")[0]["snippet"]
    assert search(db.conn, '"dân vận') and search(db.conn, "AND OR (") == []


def test_runs_and_failures(db):
    run = db.begin_run(spider="la34", site="la34")
    db.record_failure(run_id=run, site="la34", url="http://a.vn/x", reason="http_404", detail="HTTP 404")
    db.finish_run(run, finish_reason="finished", stats={"articles_new": 3, "failures": 1})
    row = db.db["crawl_runs"].get(run)
    assert (row["articles_new"], row["failures"], row["finish_reason"]) == (3, 1, "finished")
    assert site_summary(db.conn)[0]["last_failures"] == 1


def test_schema_too_new(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"pragma user_version = {SCHEMA_VERSION + 1}").connection.close()
    with pytest.raises(SchemaTooNew, match="schema version"):
        Database(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "bogus.db"
    path.write_bytes(b"not sqlite at all " * 200)
    with pytest.raises(StorageError, match="not a SQLite database"):
        Database(path)


def test_directory_and_missing_readonly(tmp_path):
    with pytest.raises(StorageError, match="directory"):
        Database(tmp_path)
    with pytest.raises(StorageError, match="no database"):
        Database(tmp_path / "missing.db", readonly=True)


def test_locked(tmp_path):
    path = tmp_path / "l.db"
    Database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(DatabaseLocked, match="locked"), Database(path, busy_timeout_ms=100) as db:
            db.store_article(_item())
    finally:
        holder.execute("rollback")
        holder.close()


def test_readonly_reads(tmp_path):
    path = tmp_path / "r.db"
    with Database(path) as db:
        db.store_article(_item())
    with Database(path, readonly=True) as db:
        assert _count(db) == 1


def _doc_queries():
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text("utf-8"), re.S)


def test_docs_have_examples():
    assert len(_doc_queries()) >= 6


@pytest.mark.parametrize("sql", _doc_queries())
def test_every_documented_query_runs(db, sql):
    run = db.begin_run(spider="la34", site="la34")
    db.store_article(_item(), run_id=run)
    db.store_article(_item(url="http://b.vn/2", site="langson"), run_id=run)
    db.record_failure(run_id=run, site="la34", url="http://a.vn/x", reason="http_404")
    db.store_article(_item(text="Nội dung đã sửa.", url="http://a.vn/1"), run_id=run)  # an edit
    story = "Hội Nông dân xã tổ chức tập huấn kỹ thuật chăn nuôi cho hội viên trong toàn xã. " * 8
    db.store_article(_item(text=story, url="http://c.vn/3", site="c"), run_id=run)
    db.store_article(_item(text=story + "\nẢnh: Minh Tâm", url="http://d.vn/4", site="d"), run_id=run)
    db.finish_run(run, finish_reason="finished", stats={"articles_new": 1})
    cursor = db.conn.execute(sql)
    if sql.lstrip().startswith("insert"):  # "Writing rows yourself": the row is searchable at once
        title = db.conn.execute("select title from articles where id = ?", (cursor.lastrowid,)).fetchone()[0]
        assert search(db.conn, title)[0]["id"] == cursor.lastrowid
    else:
        assert cursor.fetchall(), "documented query returned nothing on a populated database"


def test_migrates_every_earlier_version(tmp_path):
    """A file left at each earlier schema version opens, migrates, and keeps its rows."""
    import sqlite_utils

    from danvan_crawler.extract.urls import canonical_url
    from danvan_crawler.store.indexing import index_article
    from danvan_crawler.store.schema import MIGRATIONS
    from danvan_crawler.store.tags import load_rules

    for version in range(1, SCHEMA_VERSION):
        path = tmp_path / f"v{version}.db"
        old = sqlite_utils.Database(path)
        for migration in MIGRATIONS[:version]:
            migration(old)
        old.execute(f"pragma user_version = {version}")
        item = _item(url="https://www.a.vn/1/?utm_source=x")
        old["articles"].insert(
            {k: v for k, v in item.items() if k in old["articles"].columns_dict}
            | {"images": "[]", "extraction": "{}", "fetched_at": "2020-01-01T00:00:00+00:00"}
        )
        url_row = {"article_id": 1, "url": item["url"], "site": "la34", "first_seen": "x"}
        if "canonical_url" in old["article_urls"].columns_dict:  # what version 2+ writes
            url_row["canonical_url"] = canonical_url(item["url"])
        old["article_urls"].insert(url_row)
        if version >= 3:  # what a version 3 crawler wrote with each article
            index_article(old.conn, 1, item["title"], item["text"], load_rules())
        old.conn.commit()
        old.close()
        with Database(path) as db:
            assert db.conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
            assert _count(db) == 1
            assert db.known_articles("la34") == {"http://a.vn/1": item["published"]}
            assert db.store_article(_item(url="http://a.vn/1")) == "duplicate"
            tags, cluster = db.conn.execute("select tags, cluster_id from articles").fetchone()
            assert "dan_van" in tags and cluster == 1
            assert search(db.conn, "dan van huyen uy")
            # Version 5: one index, typed with or without diacritics, no function of ours.
            assert "articles_fts" not in db.db.table_names()
            sql = "select count(*) from articles_search where articles_search match ?"
            assert db.conn.execute(sql, ("huyện",)).fetchone()[0] == 1
            assert db.conn.execute(sql, ("huyen",)).fetchone()[0] == 1
            triggers = db.conn.execute("select group_concat(sql) from sqlite_master where type = 'trigger'")
            assert "danvan_fold" not in triggers.fetchone()[0]


def _plain_insert(path, title: str, text: str) -> None:
    """What a reader's script does: plain sqlite3, documented columns only, no danvan code."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into articles (content_hash, site, url, title, text, fetched_at) "
            "values (?, ?, ?, ?, ?, ?)",
            ("sha256:" + "0" * 64, "mine", "http://mine.vn/1", title, text, "2024-01-01T00:00:00+00:00"),
        )


def test_plain_sqlite3_insert_is_found_by_danvan_search(tmp_path):
    import sqlite_utils
    from click.testing import CliRunner

    from danvan_crawler.cli import main

    path = tmp_path / "plain.db"
    Database(path).close()
    _plain_insert(path, "Đảng ủy xã sơ kết công tác dân vận", "Đoàn viên và đảng viên tham dự.")
    runner = CliRunner()
    for query in ("dang uy", "Đảng ủy", "ĐẢNG UỶ", "doan vien", "dân vận"):
        result = runner.invoke(main, ["search", query, "--db", str(path)])
        assert result.exit_code == 0, result.output
        assert "Đảng ủy xã sơ kết" in result.output and "http://mine.vn/1" in result.output, query
    with sqlite3.connect(path) as conn:  # edits and deletes by plain SQL keep the index in step
        conn.execute("update articles set text = 'Hội Nông dân họp.' where url = 'http://mine.vn/1'")
    assert "Đảng ủy xã" in runner.invoke(main, ["search", "hoi nong dan", "--db", str(path)]).output
    assert "no article matches" in runner.invoke(main, ["search", "doan vien", "--db", str(path)]).output
    with sqlite3.connect(path) as conn:
        conn.execute("delete from articles")
        conn.execute("insert into articles_search (articles_search) values ('integrity-check')")
    assert "no article matches" in runner.invoke(main, ["search", "dang uy", "--db", str(path)]).output
    row = {"content_hash": "sha256:1", "site": "mine", "url": "http://mine.vn/2", "title": "Đoàn xã"}
    sqlite_utils.Database(path)["articles"].insert(row | {"text": "Họp.", "fetched_at": "2024-01-01"})
    assert "http://mine.vn/2" in runner.invoke(main, ["search", "doan xa", "--db", str(path)]).output


def test_index_folds_like_fold_on_every_vietnamese_letter(db):
    """The index folds in SQL (tokenizer and replace()); a query is folded by fold(): they agree."""
    import unicodedata

    from danvan_crawler.store.fold import fold

    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    words = [
        unicodedata.normalize("NFC", f"{letter}{mark}x")
        for letter in letters + letters.upper()
        for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    ]
    db.store_article(_item(text=" ".join(words)))
    sql = "select count(*) from articles_search where articles_search match ?"
    assert [w for w in words if db.conn.execute(sql, (f'"{fold(w)}"',)).fetchone()[0] != 1] == []


def _indexed_file_at(path, version: int, texts):
    """A file as a crawler of schema ``version`` left it: ``texts`` stored (ids from 1,
    URLs http://a.vn/ID) and indexed; returned open, uncommitted."""
    import sqlite_utils

    from danvan_crawler.store.indexing import index_article
    from danvan_crawler.store.schema import MIGRATIONS
    from danvan_crawler.store.tags import load_rules

    old = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:version]:
        migration(old)
    old.execute(f"pragma user_version = {version}")
    for article_id, text in enumerate(texts, start=1):
        item = _item(text=text, url=f"http://a.vn/{article_id}")
        old["articles"].insert(
            {k: v for k, v in item.items() if k in old["articles"].columns_dict}
            | {"images": "[]", "extraction": "{}", "fetched_at": "2020-01-01T00:00:00+00:00"}
        )
        index_article(old.conn, article_id, item["title"], text, load_rules())
    return old


def test_version_7_keeps_every_lsh_row_and_reads_buckets_from_one_index(tmp_path):
    """The bucket table is rebuilt with its row ids kept (the newest members of a bucket
    stay the same ones), and a new article's bucket lookup needs no table row."""

    from danvan_crawler.replicas.textgen import TextGen
    from danvan_crawler.store.indexing import index_article
    from danvan_crawler.store.schema import MIGRATIONS
    from danvan_crawler.store.tags import load_rules

    gen = TextGen("v7")
    story, other = "\n".join(gen.body(2021)), "\n".join(gen.body(2022))
    path = tmp_path / "v6.db"
    old = _indexed_file_at(path, 6, (story, other, story + "\nMột câu thêm ở cuối bài."))
    # Re-indexing article 2 moves its buckets to the newest row ids: ids have a gap.
    old.execute("delete from lsh_buckets where article_id = 2")
    index_article(old.conn, 2, "x", other, load_rules())
    before = old.execute("select rowid, bucket, article_id from lsh_buckets order by rowid").fetchall()
    MIGRATIONS[6](old)  # version 7 alone: version 9 computes every bucket again
    after = old.execute("select id, bucket, article_id from lsh_buckets order by id").fetchall()
    assert after == before and len(before) == 3 * 32
    old.conn.commit()
    old.close()
    with Database(path) as db:
        plan = db.conn.execute(
            "explain query plan "
            "select article_id from lsh_buckets where bucket = ? order by rowid desc limit 5",
            (before[0][1],),
        ).fetchall()
        assert "COVERING INDEX" in plan[0][-1] and not any("TEMP B-TREE" in row[-1] for row in plan)
        copy = story + "\nMột đoạn khác được thêm vào bài."
        assert db.store_article(_item(text=copy, url="http://b.vn/9")) == "new"
        clusters = dict(db.conn.execute("select url, cluster_id from articles").fetchall())
    assert clusters["http://b.vn/9"] == clusters["http://a.vn/1"] == clusters["http://a.vn/3"] == 1
    assert clusters["http://a.vn/2"] == 2


def test_version_9_fingerprints_every_article_again(tmp_path):
    """Fingerprints of the earlier scheme (SHA-1 shingles; here stand-ins of random bytes,
    and a version 7 file's missing containment keys) are all computed again, buckets in
    article order: copies stored after the upgrade still find the stories stored before."""
    import random

    from danvan_crawler.replicas.textgen import TextGen
    from danvan_crawler.store.clusters import fingerprint

    gen = TextGen("v9")
    texts = ["\n".join(gen.body(2020 + n)) for n in range(4)]
    path = tmp_path / "v8.db"
    old = _indexed_file_at(path, 8, texts)
    rng = random.Random(9)
    for article_id in range(1, 5):
        old.execute(
            "update article_fingerprints set signature = ?, shingle_keys = ? where article_id = ?",
            (rng.randbytes(512), None if article_id == 2 else rng.randbytes(400), article_id),
        )
        old.execute(
            "update lsh_buckets set bucket = ? where article_id = ?", (rng.getrandbits(63), article_id)
        )
    old.execute("delete from articles where id = 4")  # by plain SQL: its fingerprint stays behind
    old.conn.commit()
    old.close()
    with Database(path) as db:
        rows = db.conn.execute(
            "select article_id, signature, shingles, shingle_keys from article_fingerprints "
            "order by article_id"
        ).fetchall()
        expected = [(n, *_fingerprint_row(fingerprint(texts[n - 1]))) for n in (1, 2, 3)]
        assert rows == expected
        buckets = db.conn.execute("select article_id, bucket from lsh_buckets order by id").fetchall()
        assert buckets == [(n, key) for n in (1, 2, 3) for key in fingerprint(texts[n - 1]).keys]
        indexes = {i.name for i in db.db["lsh_buckets"].indexes}
        assert {"idx_lsh_buckets_bucket_id", "idx_lsh_buckets_article_id"} <= indexes
        for n in (1, 2):
            copy = texts[n - 1] + "\nMột đoạn khác được thêm vào bài."
            assert db.store_article(_item(text=copy, url=f"http://b.vn/{n}")) == "new"
        clusters = dict(db.conn.execute("select url, cluster_id from articles").fetchall())
    assert clusters == {
        "http://a.vn/1": 1, "http://a.vn/2": 2, "http://a.vn/3": 3, "http://b.vn/1": 1, "http://b.vn/2": 2
    }  # fmt: skip


def test_a_long_upgrade_is_announced(tmp_path, monkeypatch, caplog):
    """Upgrading a large file takes minutes (version 9 fingerprints every article again): a
    warning names the file and the versions, where a small file upgrades without one."""
    import logging

    import danvan_crawler.store.database as database

    for name, articles in (("small.db", 1), ("large.db", 2)):
        old = _indexed_file_at(
            tmp_path / name, 8, [f"Bài số {n} về công tác dân vận." for n in range(articles)]
        )
        old.conn.commit()
        old.close()
    monkeypatch.setattr(database, "LONG_UPGRADE_ARTICLES", 2)
    with caplog.at_level(logging.WARNING, logger="danvan_crawler.store.database"):
        Database(tmp_path / "small.db").close()
        assert caplog.messages == []
        Database(tmp_path / "large.db").close()
        Database(tmp_path / "large.db").close()  # upgraded already: quiet
    assert caplog.messages == [
        f"upgrading {tmp_path / 'large.db'} (2 articles) from schema version 8 to 9: this can take minutes"
    ]


def _fingerprint_row(near) -> tuple:
    return near.values.astype("<u8").tobytes(), near.size, near.shingle_keys.tobytes()


def test_an_article_deleted_by_plain_sql_is_no_copy(tmp_path):
    """Deleting an article by SQL leaves its fingerprint behind (the documented way to
    delete touches ``articles`` only); a copy of it stored later starts its own cluster."""
    from danvan_crawler.replicas.textgen import TextGen

    gen = TextGen("deleted")
    story, other = "\n".join(gen.body(2021)), "\n".join(gen.body(2022))
    path = tmp_path / "d.db"
    with Database(path) as db:
        db.store_article(_item(text=story, url="http://a.vn/1"))
        db.store_article(_item(text=other, url="http://a.vn/2"))
    with sqlite3.connect(path) as conn:
        conn.execute("delete from articles where id = 1")
    with Database(path) as db:
        assert db.conn.execute("select count(*) from article_fingerprints").fetchone()[0] == 2
        copy = story + "\nMột đoạn khác được thêm vào bài."
        assert db.store_article(_item(text=copy, url="http://b.vn/9")) == "new"
        clusters = db.conn.execute("select id, cluster_id from articles order by id").fetchall()
    assert clusters == [(2, 2), (3, 3)]


def test_shared_database_objects_use_one_connection_closed_by_its_last_user(tmp_path):
    path = tmp_path / "s.db"
    first = Database(path, shared=True)
    second = Database(tmp_path / "." / "s.db", shared=True)  # the same file, spelt otherwise
    apart = Database(path)  # not shared: a connection of its own
    assert second.conn is first.conn and apart.conn is not first.conn
    assert first.store_article(_item()) == "new"
    first.close()
    first.close()  # a second close() gives up no other user's share
    assert second.store_article(_item(text="Một bài khác về dân vận.", url="http://a.vn/2")) == "new"
    assert _count(apart) == 2
    second.close()
    with pytest.raises(sqlite3.ProgrammingError):  # the last user closed it
        second.conn.execute("select 1")
    third = Database(path, shared=True)  # opened afresh
    assert third.conn is not first.conn and _count(third) == 2
    third.close()
    apart.close()

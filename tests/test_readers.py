"""What downstream readers get from a real replica crawl: search, tags, exports, clusters, retag."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3

import pytest
from conftest import run_danvan

from danvan_crawler.consumers.search import search
from danvan_crawler.store.database import Database
from danvan_crawler.store.fold import fold


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _url_to_article(farm):
    """Replica article by the URL the crawl stored it under."""
    return {
        farm.base_url(name) + article.path: (name, article)
        for name, site in farm.sites.items()
        for article in site.articles
    }


def _stored(db_path):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select id, url, tags from articles").fetchall()


@pytest.mark.parametrize("query", ["dan van", "dang uy", "Dân vận", "DANG UY"])
def test_search_finds_every_expected_replica_article(crawled, farm, query):
    """The expected set comes from the replica's own article texts, folded by word."""
    db_path, _ = crawled
    words = _tokens(query)
    by_url = _url_to_article(farm)
    expected, possible = set(), set()
    for _, url, _ in _stored(db_path):
        _, article = by_url[url]
        body = _tokens(article.title) | _tokens("\n".join(article.paragraphs))
        if words <= body:
            expected.add(url)
        if words <= body | _tokens("\n".join(article.captions)):
            possible.add(url)
    assert expected, f"the replicas should contain {query!r}"
    with Database(db_path, readonly=True) as db:
        found = {r["url"] for r in search(db.conn, query, limit=10_000)}
    assert expected <= found
    assert found <= possible


def test_search_ranks_title_matches_first_and_snippets_show_the_match(crawled):
    db_path, _ = crawled
    with Database(db_path, readonly=True) as db:
        results = search(db.conn, "dang uy", limit=5)
    assert len(results) == 5
    assert "dang uy" in fold(results[0]["title"])
    for r in results:
        assert "[" in r["snippet"] and "]" in r["snippet"]
        marked = r["snippet"].split("[", 1)[1].split("]", 1)[0]
        assert fold(marked) in {"dang", "uy"}


def test_search_cli(crawled):
    db_path, _ = crawled
    result = run_danvan("search", "dan van", "--db", str(db_path), "--site", "langson", "--limit", "3")
    assert result.returncode == 0, result.stderr
    *lines, footer = result.stdout.splitlines()
    assert len(lines) == 9  # three results, three lines each
    assert re.fullmatch(r"3 of \d+ matches; --limit N shows more", footer)
    assert all("langson" in line for line in lines[0::3])
    assert all("[" in line for line in lines[1::3])
    assert all(line.strip().startswith("http://127.0.0.1:") for line in lines[2::3])
    none = run_danvan("search", "khongcotu", "--db", str(db_path))
    assert none.returncode == 0 and "no article matches" in none.stdout
    bad = run_danvan("search", "dan van", "--db", str(db_path), "--since", "hôm qua")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["error: --since takes a date YYYY-MM-DD, got 'hôm qua'"]


def test_every_replica_article_is_tagged_and_seeds_are_dan_van(crawled, farm):
    db_path, _ = crawled
    by_url = _url_to_article(farm)
    rows = _stored(db_path)
    assert len(rows) == sum(len(s.articles) for s in farm.sites.values())
    seeds = 0
    for _, url, tags in rows:
        assert json.loads(tags), f"{url} has no tags"
        if by_url[url][1].is_seed:
            seeds += 1
            assert "dan_van" in json.loads(tags)
    assert seeds == 5
    with sqlite3.connect(db_path) as conn:
        table_tags = dict(conn.execute("select tag, count(*) from article_tags group by tag"))
    assert set(table_tags) >= {"dan_van", "mat_tran", "doan_the", "xay_dung_dang"}


def test_retag_after_a_rule_change(crawled, tmp_path):
    db_path = tmp_path / "copy.db"
    shutil.copy(crawled[0], db_path)
    rules = tmp_path / "rules.toml"
    rules.write_text('[cap_huyen]\nlabel = "Cấp huyện"\nphrases = ["huyện", "quan 11"]\n', "utf-8")
    result = run_danvan("retag", "--db", str(db_path), "--rules", str(rules))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("re-tagged 150 articles")
    with sqlite3.connect(db_path) as conn:
        tags = {t for (row,) in conn.execute("select tags from articles") for t in json.loads(row)}
        table = {t for (t,) in conn.execute("select distinct tag from article_tags")}
    assert tags == {"cap_huyen"} and table == tags
    broken = tmp_path / "broken.toml"
    broken.write_text("[dan_van\nphrases = 1", "utf-8")
    bad = run_danvan("retag", "--db", str(db_path), "--rules", str(broken))
    assert bad.returncode == 2
    assert "not valid TOML" in bad.stderr and "Traceback" not in bad.stderr
    env_rules = run_danvan("retag", "--db", str(db_path), env={"DANVAN_TAG_RULES": str(rules)})
    assert env_rules.returncode == 0 and env_rules.stdout.startswith("re-tagged 150 articles: cap_huyen")
    crawl = run_danvan("crawl", "la34", "--db", str(db_path), env={"DANVAN_TAG_RULES": str(broken)})
    assert crawl.returncode == 2 and "not valid TOML" in crawl.stderr


def test_export_jsonl_and_csv_filters(crawled):
    db_path, _ = crawled
    result = run_danvan(
        "export", "--db", str(db_path), "--format", "jsonl", "--site", "la34", "--tag", "dan_van"
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["site"] == "la34" and "dan_van" in r["tags"] for r in rows)
    assert list(rows[0]) == [
        "id", "site", "site_name", "section", "title", "published", "author", "url",
        "canonical_url", "urls", "tags", "cluster_id", "content_hash", "fetched_at", "images", "text",
    ]  # fmt: skip
    assert f"exported {len(rows)} articles" in result.stderr
    published = [r["published"] for r in rows]
    assert published == sorted(published)

    since = sorted(published)[len(published) // 2][:10]
    out = run_danvan("export", "--db", str(db_path), "--format", "csv", "--since", since)
    assert out.returncode == 0, out.stderr
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert table and all(r["published"][:10] >= since for r in table)
    assert all(json.loads(r["tags"]) for r in table)
    assert any("đ" in r["text"] or "Đ" in r["text"] for r in table)  # UTF-8 intact

    bad = run_danvan("export", "--db", str(db_path), "--format", "xml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_export_to_file_is_all_or_nothing(crawled, tmp_path):
    db_path, _ = crawled
    target = tmp_path / "out.jsonl"
    result = run_danvan("export", "--db", str(db_path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert len(target.read_text("utf-8").splitlines()) == 150
    assert not list(tmp_path.glob("*.part"))
    missing_dir = tmp_path / "nope" / "out.jsonl"
    failed = run_danvan("export", "--db", str(db_path), "-o", str(missing_dir))
    assert failed.returncode == 3
    assert failed.stderr.strip().startswith("error: cannot write")
    assert not missing_dir.parent.exists()


def test_duplicates_cli_lists_clusters_earliest_first(tmp_path):
    from danvan_crawler.extract.normalize import content_hash

    paragraph = (
        "Sáng 12/4, Ban Dân vận Tỉnh ủy Lạng Sơn tổ chức hội nghị sơ kết công tác dân vận "
        "quý I, triển khai nhiệm vụ trọng tâm quý II năm 2021 với sự tham dự của đại diện "
        "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh. "
    )
    db_path = tmp_path / "d.db"
    with Database(db_path) as db:
        for site, published, extra in [
            ("langson_baolangson", "2021-04-13", "\nTin, ảnh: Minh Tâm"),
            ("langson", "2021-04-12", ""),
            ("loc_binh", "2021-04-14", "\nNguồn: Ban Dân vận Tỉnh ủy"),
        ]:
            text = paragraph * 8 + extra
            db.store_article(
                {
                    "content_hash": content_hash(text),
                    "url": f"http://{site}.vn/tin/1",
                    "site": site,
                    "title": "Sơ kết công tác dân vận quý I",
                    "text": text,
                    "published": published,
                }
            )
        text = "Hội Nông dân huyện tổ chức tập huấn kỹ thuật trồng hồi cho hội viên. " * 10
        db.store_article(
            {
                "content_hash": content_hash(text),
                "url": "http://other.vn/2",
                "site": "other",
                "title": "Tập huấn",
                "text": text,
                "published": "2021-04-12",
            }
        )
    result = run_danvan("duplicates", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("cluster ") and "(3 articles): Sơ kết công tác dân vận quý I" in lines[0]
    assert len(lines) == 4  # one cluster of three; the unrelated story is not listed
    assert lines[1].split()[:3] == ["first", "2021-04-12", "langson"]
    assert [line.split()[0] for line in lines[2:]] == ["2021-04-13", "2021-04-14"]
    missing = run_danvan("duplicates", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 3 and missing.stderr.startswith("error:")

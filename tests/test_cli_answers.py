"""What the reading and operating commands answer to bad input and cut output (issue 12).

A closed pipe ends quietly, a bad --db path is exit 3, an empty query is a usage error,
an unknown site or tag is named with the known ones, cut output says "N of M", CSV for
Excel has a BOM, times are +07:00 and tables fit 100 columns.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import REPO, one_line_error

from danvan_crawler.cli import main
from danvan_crawler.crawl.counters import run_stats
from danvan_crawler.extract.normalize import content_hash
from danvan_crawler.localtime import local_time
from danvan_crawler.store.database import Database

WORDS = str.split(
    "dân vận mặt trận đoàn thể hội nghị tổ chức phong trào thi đua nông dân phụ nữ cựu chiến binh "
    "thanh niên xã phường huyện tỉnh ủy ban nhân dân cán bộ đảng viên chi bộ kiểm tra giám sát "
    "nhiệm vụ kế hoạch triển khai sơ kết tổng kết năm quý tháng công tác vận động quần chúng"
)


def _story(seed: int, words: int = 220) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def _store(db, site: str, n: int, text: str, published: str) -> None:
    db.store_article(
        {
            "content_hash": content_hash(text),
            "url": f"http://{site}.example.vn/tin/{n}",
            "site": site,
            "title": f"Hội nghị công tác dân vận {n}",
            "text": text,
            "published": published,
        }
    )


def _run(db, site: str, started: str, finished_stats: dict) -> None:
    run_id = db.begin_run(spider=site, site=site, started_at=started)
    db.finish_run(run_id, finish_reason="finished", stats=run_stats(finished_stats))


OK_RUN = {"danvan/articles_new": 3, "danvan/article_pages": 3, "response_received_count": 5}
DNS_RUN = {"danvan/failure/dns": 1, "danvan/failures": 1, "danvan/sections_empty": 1}


@pytest.fixture(scope="module")
def readers_db(tmp_path_factory):
    """150 articles on two sites, 3 stories republished on a second site, one run per site."""
    path = tmp_path_factory.mktemp("answers") / "danvan.db"
    with Database(path) as db:
        for n in range(150):
            _store(db, f"site{n % 2}", n, _story(n), f"2021-04-{n % 28 + 1:02d}")
        for n in range(3):  # the same story with a byline added, a day later
            text = _story(n) + "\nTin, ảnh: Minh Tâm"
            _store(db, "other_portal", 1000 + n, text, f"2021-04-{n % 28 + 2:02d}")
        _run(db, "site0", "2024-05-01T20:03:00+00:00", OK_RUN)
        _run(db, "krongno_daknong_tinhuy", "2024-05-01T20:03:00+00:00", DNS_RUN)
    return path


def run_danvan(*args: str) -> subprocess.CompletedProcess:
    """The command run in this process (CliRunner), answered like ``conftest.run_danvan``."""
    result = CliRunner().invoke(main, list(args), prog_name="danvan")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


_one_line_error = one_line_error


DB_COMMANDS = (["stats"], ["search", "dan van"], ["export"], ["duplicates"], ["health"], ["retag"], ["serve"])


@pytest.mark.parametrize("command", DB_COMMANDS)
def test_db_that_is_a_directory_is_one_line_and_exit_3(tmp_path, command):
    line = _one_line_error(run_danvan(*command, "--db", str(tmp_path)), 3)
    assert "is a directory" in line


@pytest.mark.parametrize(
    "command",
    [["export"], ["export", "--format", "csv"], ["search", "dan van", "--limit", "1000"], ["duplicates"]],
)
def test_closed_pipe_ends_quietly_with_0(readers_db, command):
    """`danvan export | head`: the reader leaves early; no traceback, no noise, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", *command, "--db", str(readers_db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert stderr == ""


def test_closed_pipe_in_a_pipefail_shell(readers_db):
    script = f"set -o pipefail; {sys.executable} -m danvan_crawler export --db {readers_db} | head -1"
    result = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout.startswith('{"id"')


@pytest.mark.parametrize("query", ["", "   ", " ,.;- ", "“”"])
def test_search_without_a_word_is_a_usage_error(readers_db, query):
    line = _one_line_error(run_danvan("search", query, "--db", str(readers_db)), 2)
    assert "nothing to search for" in line


def test_search_says_20_of_n_when_it_cuts(readers_db):
    result = run_danvan("search", "dân vận", "--db", str(readers_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "20 of 153 matches; --limit N shows more"
    everything = run_danvan("search", "dân vận", "--db", str(readers_db), "--limit", "1000")
    assert "matches; --limit" not in everything.stdout
    assert everything.stdout.count("\n    http://") == 153


def test_duplicates_says_n_of_m_when_it_cuts(readers_db):
    result = run_danvan("duplicates", "--db", str(readers_db), "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("cluster ") == 2
    assert result.stdout.splitlines()[-1] == "2 of 3 clusters; --limit N shows more"
    whole = run_danvan("duplicates", "--db", str(readers_db))
    assert whole.stdout.count("cluster ") == 3 and "of 3 clusters" not in whole.stdout


@pytest.mark.parametrize(
    ("command", "warning"),
    [
        (["search", "dan van", "--site", "nosuchsite"], "no article from site 'nosuchsite' (sites: "),
        (["export", "--site", "nosuchsite"], "no article from site 'nosuchsite' (sites: "),
        (["export", "--tag", "nosuchtag"], "no article tagged 'nosuchtag' (tags: "),
    ],
)
def test_unknown_site_or_tag_warns_naming_the_known_ones(readers_db, command, warning):
    result = run_danvan(*command, "--db", str(readers_db))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("warning: "))
    assert warning in line
    assert ("site0, site1" in line) if "site" in warning else ("dan_van" in line)
    known_args = [a.replace("nosuchsite", "site0").replace("nosuchtag", "dan_van") for a in command]
    known = run_danvan(*known_args, "--db", str(readers_db))
    assert "warning" not in known.stderr


def test_csv_for_excel_has_a_bom_and_crlf(readers_db, tmp_path):
    target = tmp_path / "articles.csv"
    result = run_danvan("export", "--excel", "--db", str(readers_db), "-o", str(target))
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,site,")
    assert data.split(b"\n", 1)[0].endswith(b"\r")
    assert "Hội nghị công tác dân vận" in data.decode("utf-8-sig")
    plain = run_danvan("export", "--format", "csv", "--db", str(readers_db))
    assert plain.stdout.startswith("id,site,")
    both = run_danvan("export", "--excel", "--format", "jsonl", "--db", str(readers_db))
    assert "--excel writes CSV" in _one_line_error(both, 2)


def test_stats_fits_100_columns_in_local_time(readers_db):
    result = run_danvan("stats", "--db", str(readers_db))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 100, result.stdout
    assert "last run (+07:00)" in lines[0]
    site0 = next(line for line in lines if line.startswith("site0 "))
    assert "2024-05-02 03:03" in site0 and re.search(r"\bok$", site0)  # 20:03 UTC is 03:03 next day
    failed = next(line for line in lines if line.startswith("krongno_daknong_tinhuy "))
    assert failed.endswith(" FAILED")
    assert lines[-1] == "krongno_daknong_tinhuy: 1 section(s) yielded nothing; dns x1"


def test_health_without_history_says_so(tmp_path):
    db_path = tmp_path / "h.db"
    with Database(db_path) as db:
        _run(db, "la34", "2024-05-01T20:03:00+00:00", DNS_RUN)
    result = run_danvan("health", "--db", str(db_path))
    assert result.returncode == 1
    assert "usually" not in result.stdout
    assert "la34: never succeeded (1 run(s))" in result.stdout
    assert "la34: failure rate 100% (no successful run to compare with)" in result.stdout
    assert "last success (+07:00)" in result.stdout.splitlines()[0]


def test_health_compares_with_earlier_successful_runs_only(tmp_path):
    db_path = tmp_path / "h.db"
    with Database(db_path) as db:
        _store(db, "la34", 1, _story(1), "2024-05-01")
        _run(db, "la34", "2024-05-01T20:03:00+00:00", OK_RUN)
        _run(db, "la34", "2024-05-02T20:03:00+00:00", DNS_RUN)
    result = run_danvan("health", "--db", str(db_path), "--now", "2024-05-03T09:00")
    assert "la34: failure rate 100% (usually 0%)" in result.stdout
    assert "never succeeded" not in result.stdout
    with Database(db_path, readonly=True) as db:
        (finished,) = db.conn.execute("select min(finished_at) from crawl_runs").fetchone()
    assert finished.endswith("+00:00")
    assert f"la34  {local_time(finished)}  " in result.stdout  # the last success, in +07:00


def test_list_and_replicas_print_the_same_platform_labels():
    listed = run_danvan("list").stdout.splitlines()
    labels = dict(line.split("\t")[::2] for line in listed if not line.startswith(" "))
    process = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", "replicas"], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("serving"):
                break
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert max(map(len, lines)) <= 100
    names = [line.split()[0] for line in lines if line.split()[0] in labels]
    assert sorted(names) == sorted(labels)
    assert lines[-3].startswith("proxy: http://127.0.0.1:") and lines[-2].startswith("try:   curl -x ")
    for row, url in zip(lines[0:-3:2], lines[1:-3:2], strict=True):
        name, label = row.split(maxsplit=1)
        assert label == labels[name]
        assert url.startswith(f"    http://{name.replace('_', '-')}.replica.test/")

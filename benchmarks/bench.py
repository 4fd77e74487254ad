"""danvan-crawler benchmarks: one run measures all four figures of benchmarks/RESULTS.md.

    python3 benchmarks/bench.py [--portals 12] [--articles 150] [--latency 0] [--big-db 100000]

1. A replica farm of PORTALS portals (cycling through every platform template) with
   ARTICLES articles each, pages padded with chrome to 60-150 KB, LATENCY seconds per
   response, served from a separate process. A scratch project gets one spider per portal.
2. First crawl, one process: articles/s, CPU ms/article split by stage, next to
   trafilatura.extract() alone on the same article pages (same machine, same run).
3. The same crawl into a fresh database with --jobs 2: articles/s ratio.
4. A re-crawl of the unchanged farm: requests made and wall time vs the first crawl.
5. Peak memory of a one-portal crawl into databases already holding 1,000 and BIG_DB
   articles.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bench_specs(portals: int):
    """PortalSpecs cycling through every template whose pages show a header date."""
    from danvan_crawler.replicas.sites import PLATFORM_SPECS, SPECS

    bases = [s for s in SPECS if s.shows_time] + list(PLATFORM_SPECS)
    return [replace(bases[i % len(bases)], name=f"bench{i:02d}") for i in range(portals)]


def story_paragraphs(rng, stock: list[str]) -> list[str]:
    """One story's own paragraphs: new word order over the replica generator's vocabulary,
    plus the first stock sentence of each of ``stock`` (portals do reuse formulas)."""
    from danvan_crawler.replicas.textgen import SENTENCES

    words = sorted(
        {w for t in SENTENCES for w in t.replace("{", " ").replace("}", " ").split() if w.isalpha()}
    )
    paragraphs = []
    for paragraph in stock:
        sentences = [" ".join(rng.choices(words, k=rng.randint(18, 32))).capitalize() + "." for _ in range(2)]
        paragraphs.append(" ".join([*sentences, paragraph.split(". ")[0].rstrip(".") + "."]))
    return paragraphs


def diversify(site, seed: str) -> None:
    """Give every article its own story text.

    The replica generator builds paragraphs from a dozen stock sentences, so any two of
    its articles share most of their wording: fine for testing extraction, but it makes
    every stored article a near-duplicate candidate of every other, which real stories
    are not (RESULTS.md shows what that costs).
    """
    import random

    rng = random.Random(seed)
    for article in site.articles:
        if not (article.is_seed or article.is_notice):
            article.paragraphs = story_paragraphs(rng, article.paragraphs)


def serve_farm(portals: int, articles: int, latency: float, ready, stop) -> None:
    """Child process: build and serve the farm; send {name: (section URL, base, template)}."""
    from danvan_crawler.platforms import SPIDER_FOR_PLATFORM, GenericSpider
    from danvan_crawler.replicas import ReplicaFarm
    from danvan_crawler.replicas.sites import build_generated_site

    sites = {}
    for spec in bench_specs(portals):
        site = build_generated_site(spec, count=articles)
        site.pad_to, site.page_cache, site.delay = (60_000, 150_000), {}, latency
        diversify(site, spec.name)
        sites[spec.name] = site
    with ReplicaFarm(sites) as farm:
        info = {}
        for name, site in sites.items():
            base = SPIDER_FOR_PLATFORM.get(site.platform, GenericSpider).__name__
            info[name] = (farm.section_url(name), base)
        ready.send(info)
        stop.recv()


def write_project(root: Path, info: dict) -> None:
    spiders = root / "spiders"
    spiders.mkdir(parents=True)
    (spiders / "__init__.py").write_text("")
    for name, (section_url, base) in info.items():
        (spiders / f"{name}.py").write_text(
            f"from danvan_crawler.platforms import {base}\n\n\n"
            f"class Spider({base}):\n    name = {name!r}\n    allowed_domains = ['127.0.0.1']\n"
            f"    sections = {{'Tin': {section_url!r}}}\n",
            encoding="utf-8",
        )


def danvan(project: Path, *args: str) -> dict:
    """Run the CLI in the project; wall seconds, CPU seconds (children included), peak RSS."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(HERE / "_measure.py"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    wall = time.monotonic() - started
    line = next(x for x in result.stderr.splitlines() if x.startswith("DANVAN-MEASURE "))
    measured = json.loads(line.removeprefix("DANVAN-MEASURE "))
    if result.returncode != 0:
        raise SystemExit(f"danvan {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return {"wall": wall, **measured}


def process_cpu(pid: int) -> float:
    """CPU seconds a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_stats(db: Path) -> dict:
    """Sum of every numeric Scrapy stat over the runs in ``db``."""
    totals: dict[str, float] = {}
    with sqlite3.connect(db) as conn:
        for (raw,) in conn.execute("select stats from crawl_runs"):
            for key, value in json.loads(raw)["scrapy"].items():
                if isinstance(value, (int, float)):
                    totals[key] = totals.get(key, 0) + value
    return totals


def trafilatura_alone(db: Path, info: dict) -> tuple[float, int]:
    """CPU seconds of trafilatura.extract() on every stored article's page, and the count."""
    import urllib.request

    import trafilatura

    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("select url from articles")]
    pages = []
    for url in urls:
        with urllib.request.urlopen(url, timeout=30) as response:
            pages.append(response.read().decode("utf-8"))
    started = time.process_time()
    for html in pages:
        trafilatura.extract(html)
    return time.process_time() - started, len(pages)


def fill_database(db: Path, count: int) -> None:
    """A database holding ``count`` articles: 1,000 stored the normal way, the rest copied by SQL."""
    import random

    from danvan_crawler.extract.normalize import content_hash
    from danvan_crawler.replicas.textgen import TextGen
    from danvan_crawler.store.database import Database

    gen, rng = TextGen("bench-fill"), random.Random("bench-fill")
    with Database(db) as store:
        for i in range(min(count, 1000)):
            text = "\n".join(story_paragraphs(rng, gen.body(2019)))
            store.store_article(
                {
                    "content_hash": content_hash(text + str(i)),
                    "url": f"http://old.example/{i}",
                    "site": "old_site",
                    "title": gen.title(2019) + f" {i}",
                    "text": text + f"\nSố {i}",
                    "published": "2019-05-01",
                }
            )
        conn = store.conn
        copies = 1
        while conn.execute("select count(*) from articles").fetchone()[0] < count:
            missing = count - conn.execute("select count(*) from articles").fetchone()[0]
            with store.transaction():
                conn.execute(
                    "insert into articles (content_hash, site, spider, url, title, text, published, "
                    "images, extraction, fetched_at, tags, cluster_id) "
                    "select content_hash || ':' || ?, site, spider, url || '?c=' || ?, title, text, "
                    "published, images, extraction, fetched_at, tags, cluster_id "
                    "from articles where id <= 1000 limit ?",
                    (copies, copies, missing),
                )
                conn.execute(
                    "insert into article_urls (article_id, url, site, first_seen, canonical_url) "
                    "select a.id, a.url, a.site, a.fetched_at, a.url from articles a "
                    "where not exists (select 1 from article_urls u where u.article_id = a.id)"
                )
            copies += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=12)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--big-db", type=int, default=100_000)
    args = parser.parse_args()

    ready_recv, ready_send = multiprocessing.Pipe(duplex=False)
    stop_recv, stop_send = multiprocessing.Pipe(duplex=False)
    farm = multiprocessing.Process(
        target=serve_farm, args=(args.portals, args.articles, args.latency, ready_send, stop_recv)
    )
    farm.start()
    info = ready_recv.recv()
    total = args.portals * args.articles
    print(
        f"farm: {args.portals} portals x {args.articles} articles, 60-150 KB pages, latency {args.latency}s"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
            project = Path(tmp)
            write_project(project, info)
            # Warm the farm's page cache so serving costs little CPU in the timed runs.
            danvan(project, "crawl", "--all", "--db", str(project / "warm.db"))

            one_db, two_db = project / "one.db", project / "two.db"
            farm_cpu = process_cpu(farm.pid)
            first = danvan(project, "crawl", "--all", "--db", str(one_db))
            farm_cpu_one = process_cpu(farm.pid) - farm_cpu
            stats = run_stats(one_db)
            stored = int(stats.get("danvan/articles_new", 0))
            farm_cpu = process_cpu(farm.pid)
            two = danvan(project, "crawl", "--all", "--jobs", "2", "--db", str(two_db))
            farm_cpu_two = process_cpu(farm.pid) - farm_cpu
            again = danvan(project, "crawl", "--all", "--db", str(one_db))
            again_stats = {k: v - stats.get(k, 0) for k, v in run_stats(one_db).items()}
            alone_cpu, alone_n = trafilatura_alone(one_db, info)

            print("\n1. first crawl, one process")
            print(f"   articles stored       {stored} of {total}")
            print(f"   wall                  {first['wall']:.1f} s, {stored / first['wall']:.1f} articles/s")
            per_article = 1000 * first["cpu"] / stored
            print(f"   CPU                   {first['cpu']:.1f} s, {per_article:.1f} ms/article")
            stages = {
                k.removeprefix("danvan/cpu_ns/"): v / 1e6 / stored for k, v in stats.items() if "cpu_ns" in k
            }
            other = per_article - sum(stages.values())
            for stage, ms in sorted(stages.items(), key=lambda kv: -kv[1]):
                print(f"     {stage:20} {ms:6.2f} ms/article")
            print(f"     {'scrapy+download':20} {other:6.2f} ms/article (the rest: engine, HTTP, parsing)")
            alone = 1000 * alone_cpu / alone_n
            print(f"   trafilatura alone     {alone:.1f} ms/article on the same {alone_n} pages")
            print(f"   ratio                 {per_article / alone:.2f} x trafilatura alone (target <= 1.3)")

            print("\n2. two processes (--jobs 2)")
            rate_one, rate_two = stored / first["wall"], stored / two["wall"]
            ratio = rate_two / rate_one
            print(f"   wall {two['wall']:.1f} s, {rate_two:.1f} articles/s = {ratio:.2f} x one process")
            print("   (target >= 1.8)")
            print(
                f"   the farm's server used {farm_cpu_one:.1f} s CPU during the one-process crawl "
                f"({100 * farm_cpu_one / first['wall']:.0f}% of a core), {farm_cpu_two:.1f} s during this one"
            )
            print(f"   crawler CPU: {first['cpu']:.1f} s with one process, {two['cpu']:.1f} s with two")

            print("\n3. re-crawl of the unchanged farm")
            requests = int(
                again_stats.get("downloader/request_count", 0) - again_stats.get("robotstxt/request_count", 0)
            )
            articles_fetched = int(again_stats.get("danvan/article_pages", 0))
            print(f"   requests {requests} for {args.portals} sections, {articles_fetched} article requests")
            share = 100 * again["wall"] / first["wall"]
            print(f"   wall {again['wall']:.1f} s = {share:.1f}% of the first crawl (target <= 5%)")

            print("\n4. peak memory of a one-portal crawl by database size")
            name = next(iter(info))
            peaks = {}
            for count in (1000, args.big_db):
                db = project / f"mem{count}.db"
                fill_database(db, count)
                peaks[count] = danvan(project, "crawl", name, "--db", str(db))["maxrss_kb"] / 1024
                print(f"   {count:>7} articles stored: peak {peaks[count]:.0f} MiB")
            print(f"   ratio {peaks[args.big_db] / peaks[1000]:.2f} (target <= 1.2)")
    finally:
        stop_send.send(True)
        farm.join(timeout=10)
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; one run of each measurement")


if __name__ == "__main__":
    main()

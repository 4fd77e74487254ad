"""danvan-crawler benchmarks: the measurements of benchmarks/RESULTS.md, each against its target.

    python3 benchmarks/bench.py --list            # the measurements
    python3 benchmarks/bench.py --only NAME       # one alone; its figure and ratio are its last line
    python3 benchmarks/bench.py                   # every one, in the order of --list

Each measurement serves its own replica farm from a separate process (pages padded with
the platforms' chrome to 60-150 KB), writes a scratch project with one spider per portal
and runs the CLI through ``_measure.py`` (CPU seconds, children included; peak RSS).
Ratios compare figures measured in the same run: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from farm import Farm, FarmSpec, danvan, load, run_stats, write_project


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def crawl(project: Path, db: Path, *args: str) -> dict:
    """``danvan crawl --all`` into ``db``; the measured run plus its summed stats."""
    run = danvan(project, "crawl", "--all", "--db", str(db), *args)
    return {**run, "stats": run_stats(db)}


def failure_reasons(db: Path) -> dict[str, int]:
    """{reason: count} of the failures a crawl recorded."""
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select reason, count(*) from failures group by reason").fetchall())


def stored_pages(db: Path, proxy: str | None) -> list[str]:
    """The page of every article stored in ``db``, fetched again from the farm."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy} if proxy else {}))
    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("select url from articles")]
    pages = []
    for url in urls:
        with opener.open(url, timeout=30) as response:
            pages.append(response.read().decode("utf-8"))
    return pages


def trafilatura_alone(pages: list[str]) -> float:
    """CPU seconds of trafilatura.extract() on each of ``pages``."""
    import trafilatura

    started = time.process_time()
    for html in pages:
        trafilatura.extract(html)
    return time.process_time() - started


def warmed_pages(farm: Farm, root: Path) -> tuple[Path, list[str]]:
    """A project for ``farm`` at ``root``, crawled once (which fills the farm's page cache),
    and the page of every article that crawl stored: what trafilatura alone is timed on."""
    project = write_project(root, farm)
    crawl(project, project / "warm.db")
    return project, stored_pages(project / "warm.db", farm.proxy)


def crawl_ms_per_article(run: dict) -> tuple[float, int]:
    """(CPU ms per new article, new articles) of a measured crawl."""
    count = int(run["stats"].get("danvan/articles_new", 0))
    return 1000 * run["cpu"] / count, count


def pipeline_cpu(args, tmp: Path) -> str:
    """Pipeline CPU per article vs trafilatura.extract() alone, measured one after the other."""
    # The machine's speed drifts by a fifth within minutes, so one crawl and one
    # trafilatura pass measured apart gave ratios that moved as much as any change did.
    # Rounds alternate the two, and which goes first flips every round (after the first,
    # which needs the crawl's pages), so a drift does not always favour one; each round's
    # ratio compares neighbours, and the median round is the figure.
    rounds = []
    with Farm(FarmSpec(args.portals, args.articles)) as farm:
        project, pages = warmed_pages(farm, tmp / "pipeline")
        for number in range(1, args.cpu_rounds + 1):
            alone_first = number % 2 == 0
            if alone_first:
                alone = 1000 * trafilatura_alone(pages) / len(pages)
            run = crawl(project, project / f"round{number}.db")
            ours, count = crawl_ms_per_article(run)
            if not alone_first:
                alone = 1000 * trafilatura_alone(pages) / len(pages)
            rounds.append({"ours": ours, "alone": alone, "ratio": ours / alone, "run": run, "count": count})
            print(
                f"   round {number}: crawl {ours:.2f} ms/article ({count} stored, wall {run['wall']:.1f} s), "
                f"trafilatura alone {alone:.2f} ms/page = {ours / alone:.2f} x",
                flush=True,
            )
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    count = median["count"]
    print(f"   {args.portals} portals x {args.articles} articles; stages of the median round:")
    stats = median["run"]["stats"]
    stages = {k.removeprefix("danvan/cpu_ns/"): v / 1e6 / count for k, v in stats.items() if "cpu_ns" in k}
    for stage, ms in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"     {stage:20} {ms:6.2f} ms/article")
    rest = median["ours"] - sum(stages.values())
    print(f"     {'the rest':20} {rest:6.2f} ms/article (Scrapy, HTTP, listing pages, start-up)")
    return (
        f"pipeline-cpu: {median['ours']:.2f} ms/article vs trafilatura.extract() alone {median['alone']:.2f} "
        f"ms/article on the same {len(pages)} pages = {median['ratio']:.2f} x, median of {len(rounds)} "
        f"alternating rounds (for comparison: the target, <= 1.0, is judged by pipeline-cpu-side-by-side)"
    )


class Beside:
    """``_trafilatura_alone.py`` extracting the pages of ``pages_file`` on the other core while
    the block runs; its CPU ms a page (``ms``) and pages done (``pages``) once it ended."""

    def __init__(self, pages_file: Path, stop: Path):
        self.stop = stop
        command = [sys.executable, str(Path(__file__).resolve().parent / "_trafilatura_alone.py")]
        self.process = subprocess.Popen(
            [*command, str(pages_file), str(stop)], stdout=subprocess.PIPE, text=True
        )
        self.ms, self.pages = 0.0, 0

    def __enter__(self) -> Beside:
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            raise SystemExit("the trafilatura-alone process did not start")
        return self

    def __exit__(self, *exc) -> None:
        self.stop.touch()
        out, _ = self.process.communicate(timeout=120)
        self.ms, self.pages = float(out.split()[0]), int(out.split()[1])


def side_by_side(args, tmp: Path) -> str:
    """Pipeline CPU per article vs trafilatura.extract() alone, the two run at the same time."""
    # pipeline-cpu measures the crawl and trafilatura alone one after the other, ~30 s each;
    # the machine's speed moves by more than the target's margin in that time (one run's
    # rounds: 0.90 to 1.33 x). Here trafilatura alone runs in a process of its own on one
    # core while the crawl runs on the other: both see the machine at the same moments, and
    # each round's ratio compares CPU spent side by side. Runs of both (RESULTS.md, and
    # benchmarks/cpu_contention.py, which interleaves them) showed its medians spreading
    # about half as much from run to run as pipeline-cpu's, and its rounds less in three
    # runs of four: it is the one issue 13's point is judged by; pipeline-cpu stays for
    # comparison with the earlier runs.
    rounds = []
    with Farm(FarmSpec(args.portals, args.articles)) as farm:
        project, pages = warmed_pages(farm, tmp / "side")
        pages_file = tmp / "pages.json"
        pages_file.write_text(json.dumps(pages), encoding="utf-8")
        for number in range(1, args.cpu_rounds + 1):
            with Beside(pages_file, tmp / f"stop{number}") as beside:
                run = crawl(project, project / f"round{number}.db")
            alone, extracted = beside.ms, beside.pages
            ours, count = crawl_ms_per_article(run)
            rounds.append({"ours": ours, "alone": alone, "ratio": ours / alone})
            print(
                f"   round {number}: crawl {ours:.2f} ms/article ({count} stored, wall {run['wall']:.1f} s), "
                f"meanwhile trafilatura alone {alone:.2f} ms/page ({extracted} pages) = {ours / alone:.2f} x",
                flush=True,
            )
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    return (
        f"pipeline-cpu-side-by-side: {median['ours']:.2f} ms/article vs trafilatura.extract() alone "
        f"{median['alone']:.2f} ms/page at the same time = {median['ratio']:.2f} x, median of {len(rounds)} "
        f"rounds (target <= 1.0): {verdict(median['ratio'] <= 1.0)}"
    )


def one_portal_memory(args, tmp: Path) -> str:
    """Peak RSS of a one-portal crawl of SMALL vs LARGE articles (same template, 60-150 KB pages)."""
    spec = FarmSpec(2, args.small, one_template=True, sizes=((1, args.large),), prefix="mem")
    with Farm(spec) as farm:
        project = write_project(tmp / "memory", farm)
        peaks = {}
        for name, count in zip(farm.info, (args.small, args.large), strict=True):
            db = project / f"{name}.db"
            run = danvan(project, "crawl", name, "--db", str(db))
            peaks[count] = run["maxrss_kb"] / 1024
            print(
                f"   {count:>6} articles ({stored(db)} stored): peak {peaks[count]:.0f} MiB, "
                f"wall {run['wall']:.1f} s"
            )
    ratio = peaks[args.large] / peaks[args.small]
    met = ratio <= 1.2 and peaks[args.large] <= 250
    return (
        f"one-portal-memory: peak {peaks[args.large]:.0f} MiB at {args.large} articles vs "
        f"{peaks[args.small]:.0f} MiB at {args.small} = {ratio:.2f} x (target <= 1.2 and <= 250 MiB): "
        f"{verdict(met)}"
    )


def fill_overlapping(db: Path, count: int, copy_at: dict[int, Path]) -> None:
    """Store ``count`` articles whose texts overlap like the farm's; copy the file at the sizes given."""
    from danvan_crawler.extract.normalize import content_hash
    from danvan_crawler.replicas.textgen import TextGen
    from danvan_crawler.store.database import Database

    gen = TextGen("bench-fill")
    with Database(db) as store:
        for i in range(count):
            text = "\n".join(gen.body(2015 + i % 6))
            item = {"content_hash": content_hash(text), "url": f"http://old.example/{i}", "site": "old"}
            # Numbered titles: the generator's own run out of variants after a few thousand.
            store.store_article({**item, "title": f"Tin số {i}", "text": text})
            if i + 1 in copy_at:
                store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                shutil.copy(db, copy_at[i + 1])


def near_duplicates(args, tmp: Path) -> str:
    """Overlapping texts: storage ms/article into 10,000 vs 1,000 stored; --jobs 2 vs one process."""
    small, large = 1000, args.fill
    root = tmp / "overlap"
    root.mkdir()
    started = time.monotonic()
    fill_overlapping(root / "large.db", large, {small: root / "small.db"})
    print(f"   filled {large} overlapping articles in {time.monotonic() - started:.0f} s")
    with Farm(FarmSpec(args.overlap_portals, args.overlap_articles, overlap=True, prefix="ov")) as farm:
        project = write_project(root / "project", farm)
        crawl(project, project / "warm.db")
        runs = {}
        # One crawl and one --jobs 2 crawl measured once each gave 1.44 to 2.00 x for the
        # same code: the machine's speed moves by a fifth within minutes (back to back, one
        # process took 30.8 s and 36.6 s; --jobs 2 16.5 s and 18.2 s). Each is measured
        # several times (``--jobs-pairs``), alternating, and the fastest of each counts (noise
        # only adds time). Three pairs until 2026-11-28, morning: the fastest of three still
        # moved from 1.65 to 1.93 x between full runs of nearly the same code, and the same
        # crawl took 11.7 to 14.9 s in consecutive runs that morning; five until the same day
        # at 05:30 UTC, when two runs of five an hour apart gave 1.64 and 1.99 x for the same
        # code (the pairs' own ratios 1.49 to 1.99); eight since. A --jobs 2 crawl is slowed
        # by anything that takes either core, one process only by what takes its own, so
        # the fastest --jobs 2 crawl needs more tries to be found.
        pairs = [("small", "small", ()), ("large", "large", ())]
        for number in range(1, args.jobs_pairs + 1):
            pairs += [(f"jobs2 {number}", "small", ("--jobs", "2")), (f"small {number + 1}", "small", ())]
        for name, source, extra in pairs[:-1]:
            db = project / f"{name.replace(' ', '-')}.db"
            shutil.copy(root / f"{source}.db", db)
            farm_cpu = farm.cpu()
            runs[name] = run = crawl(project, db, *extra)
            # The farm serves from the same cores: with two crawling processes on two CPUs,
            # the wall can be no shorter than all CPU spent (crawl and farm) over two.
            farm_cpu = farm.cpu() - farm_cpu
            new = run["stats"].get("danvan/articles_new", 0)
            run["storage"] = run["stats"].get("danvan/cpu_ns/storage", 0) / 1e6 / max(new, 1)
            capped = int(run["stats"].get("danvan/near_dup_capped", 0))
            print(
                f"   into {source} ({stored(root / f'{source}.db')} stored), "
                f"{' '.join(extra) or 'one process'}: "
                f"{new:.0f} new, wall {run['wall']:.1f} s, storage {run['storage']:.2f} ms/article, "
                f"lock waits {run['stats'].get('danvan/db_lock_wait_ms', 0) / 1000:.1f} s, {capped} capped; "
                f"CPU {run['cpu']:.1f} s, the farm's {farm_cpu:.1f} s "
                f"(all CPU over {os.cpu_count()} cores: {(run['cpu'] + farm_cpu) / os.cpu_count():.1f} s)"
            )
    alone = store_alone(root, project / "small.db", rounds=args.store_rounds)
    embedded = runs["large"]["storage"] / runs["small"]["storage"]
    print(f"   storage inside the crawls (the stage's CPU): {embedded:.2f} x")
    median = sorted(alone, key=lambda r: r["ratio"])[len(alone) // 2]
    growth = median["ratio"]
    best = {size: min(r[size] for r in alone) for size in ("small", "large")}
    print(
        f"   storage alone, each size's best round (the figure until the runs of 2026-11-27 at 19:00 UTC): "
        f"{best['large']:.2f} vs {best['small']:.2f} ms/article = {best['large'] / best['small']:.2f} x"
    )
    one = min(run["wall"] for name, run in runs.items() if name.startswith("small"))
    two = min(run["wall"] for name, run in runs.items() if name.startswith("jobs2"))
    speedup = one / two
    print(f"   one process {one:.1f} s, --jobs 2 {two:.1f} s (the fastest of {args.jobs_pairs} each)")
    # Each pair's own ratio (a --jobs 2 crawl against the one-process crawl before it; for
    # the first pair, the one before the 10,000-article crawl), to show how far the machine's
    # speed moved during the measurement; the figure is the one above.
    ratios = [
        runs[f"small {n}" if n > 1 else "small"]["wall"] / runs[f"jobs2 {n}"]["wall"]
        for n in range(1, args.jobs_pairs + 1)
    ]
    print(
        f"   each pair's ratio: {', '.join(f'{r:.2f}' for r in ratios)}; "
        f"median {statistics.median(ratios):.2f}"
    )
    return (
        f"near-duplicates: storage alone {median['large']:.2f} ms/article into {large} stored vs "
        f"{median['small']:.2f} into {small} = {growth:.2f} x, median of {len(alone)} rounds "
        f"(target <= 1.2): "
        f"{verdict(growth <= 1.2)}; "
        f"--jobs 2 = {speedup:.2f} x one process (target >= 1.8): {verdict(speedup >= 1.8)}"
    )


def store_alone(root: Path, crawled: Path, rounds: int) -> list[dict[str, float]]:
    """Each round's ms/article of storing the crawl's new articles into the small and the large
    fill, and their ratio (large over small).

    The crawl-embedded storage stage moves by +-15 % from run to run (what else the crawl
    process did before each store counts in it); here only ``store_article`` is timed,
    each size in a fresh process. The two sizes of a round are measured one right after
    the other, and which goes first flips every round, so a drifting machine favours
    neither; the median round's ratio is the figure. Until the runs of 2026-11-27 at
    19:00 UTC the figure was each size's best round, but the run's first and last slots
    both went to the small file (small-large, large-small, ...): on a machine speeding up
    through the run (one run: 4.21 ms an article in its first slot, 2.71 in its last) the
    best rounds were the small file's last and the large file's second to last, 1.21 x
    where the rounds gave 1.00, 1.22, 0.97 and 1.21.
    """
    script = Path(__file__).resolve().parent / "_store_alone.py"
    results = []
    for round_ in range(rounds):
        ms = {}
        for size in ("small", "large") if round_ % 2 == 0 else ("large", "small"):
            scratch = root / f"alone-{size}.db"
            out = subprocess.run(
                [sys.executable, str(script), str(root / f"{size}.db"), str(crawled), str(scratch)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            ms[size], count = float(out[0]), int(out[1])
            print(f"   storage alone, round {round_ + 1}, {count} articles into {size}: {ms[size]:.2f} ms")
            for path in root.glob(f"alone-{size}.db*"):
                path.unlink()
        results.append({**ms, "ratio": ms["large"] / ms["small"]})
        print(f"   round {round_ + 1}: {results[-1]['ratio']:.2f} x")
    return results


def site_cost(args, tmp: Path) -> str:
    """Memory of each site in progress and of each extra process (small portals, 0.3 s latency)."""
    sites = args.site_cost_portals
    flag = sites_at_once_flag(sites)
    with Farm(FarmSpec(sites, 30, latency=0.3, page_size=10, prefix="site")) as farm:
        project = write_project(tmp / "sites", farm)
        one = danvan(project, "crawl", next(iter(farm.info)), "--db", str(project / "one.db"))
        many = crawl(project, project / "many.db", *flag)
        jobs = crawl(project, project / "jobs.db", "--jobs", "2", *flag)
    per_site = (many["maxrss_kb"] - one["maxrss_kb"]) / 1024 / (sites - 1)
    extra = (jobs["tree_peak_kb"] - many["tree_peak_kb"]) / 1024
    print(
        f"   1 site: peak {one['maxrss_kb'] / 1024:.0f} MiB; {sites} sites in progress at once: "
        f"{many['maxrss_kb'] / 1024:.0f} MiB; --jobs 2: {jobs['tree_peak_kb'] / 1024:.0f} MiB (both)"
    )
    return (
        f"site-cost: {per_site:.2f} MiB per site in progress ({sites} at once vs 1), "
        f"{extra:.0f} MiB per extra process (--jobs 2 vs 1, summed RSS)"
    )


def sites_at_once_flag(count: int) -> list[str]:
    """``--sites-at-once N`` when the CLI has it (the work queue of issue 13), else nothing."""
    helptext = subprocess.run(
        [sys.executable, "-m", "danvan_crawler", "crawl", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return ["--sites-at-once", str(count)] if "--sites-at-once" in helptext else []


def portal_farm(args, tmp: Path) -> str:
    """1,000 small portals vs 100: peak RSS, wall against its bound, every article stored once."""
    flag = sites_at_once_flag(args.sites_at_once)
    figures = {}
    for portals in (args.farm_small, args.farm_large):
        spec = FarmSpec(portals, 30, latency=0.3, page_size=10, prefix=f"f{portals}_")
        with Farm(spec) as farm:
            project = write_project(tmp / f"farm{portals}", farm)
            db = project / "farm.db"
            run = crawl(project, db, *flag)
        stats = run["stats"]
        new, dup = stats.get("danvan/articles_new", 0), stats.get("danvan/articles_duplicate", 0)
        requests = stats.get("downloader/request_count", 0) / portals
        bound = max(requests * 0.3, run["cpu"])
        figures[portals] = run | {"bound": bound, "peak": run["tree_peak_kb"] / 1024}
        # Each portal has one notice whose text is the same everywhere: stored once, the
        # other copies counted as duplicates. Every page counted once, as one or the other.
        ok = new == stored(db) and new + dup == portals * 30
        print(
            f"   {portals} portals {' '.join(flag) or '(all at once)'}: {stored(db)} stored of "
            f"{portals * 30}, {new:.0f} counted new, {dup:.0f} duplicate ({'ok' if ok else 'WRONG'}); "
            f"peak {figures[portals]['peak']:.0f} MiB; wall {run['wall']:.0f} s vs bound {bound:.0f} s "
            f"(latency {requests * 0.3:.0f} s, CPU {run['cpu']:.0f} s)"
        )
        figures[portals]["ok"] = ok
        if not ok:  # say what the missing pages met (farm or crawler), not only that they are missing
            print(f"     failures by reason: {failure_reasons(db)}")
    big, little = figures[args.farm_large], figures[args.farm_small]
    memory = big["peak"] / little["peak"]
    wall = big["wall"] / big["bound"]
    met = memory <= 1.5 and wall <= 1.3 and big["ok"] and little["ok"]
    return (
        f"portal-farm: peak {big['peak']:.0f} MiB at {args.farm_large} portals vs {little['peak']:.0f} "
        f"MiB at {args.farm_small} = {memory:.2f} x (target <= 1.5); wall {big['wall']:.0f} s = "
        f"{wall:.2f} x its bound "
        f"(target <= 1.3); stored once each: {big['ok'] and little['ok']}: {verdict(met)}"
    )


def recrawl(args, tmp: Path) -> str:
    """A re-crawl of an unchanged farm: requests made and wall time vs the first crawl."""
    # The farm of pipeline-cpu, as issue 6 measured it. From 2026-11-26 to 11-28 it was a
    # third of that (b007d73, to save time): the re-crawl's fixed cost, a process that
    # imports Scrapy and starts a crawler per site (~0.6-1.0 s), then outweighed 5 % of
    # so small a first crawl, which the ratio is not about.
    with Farm(FarmSpec(args.portals, args.articles)) as farm:
        project = write_project(tmp / "recrawl", farm)
        db = project / "one.db"
        first = crawl(project, db)
        again = crawl(project, db)
    delta = {k: v - first["stats"].get(k, 0) for k, v in again["stats"].items()}
    requests = int(delta.get("downloader/request_count", 0) - delta.get("robotstxt/request_count", 0))
    article_requests = int(delta.get("danvan/article_pages", 0))
    share = again["wall"] / first["wall"]
    met = requests <= args.portals and article_requests == 0 and share <= 0.05
    return (
        f"recrawl: {requests} requests for {args.portals} sections, {article_requests} article requests, "
        f"wall {again['wall']:.1f} s = {100 * share:.1f}% of the first crawl "
        f"(target 1 per section, 0, <= 5%): "
        f"{verdict(met)}"
    )


MEASUREMENTS = {
    "near-duplicates": near_duplicates,
    "one-portal-memory": one_portal_memory,
    "pipeline-cpu": pipeline_cpu,
    "pipeline-cpu-side-by-side": side_by_side,
    "recrawl": recrawl,
    "site-cost": site_cost,
    "portal-farm": portal_farm,  # last: the longest, and it needs the sites work queue
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="name the measurements and exit")
    parser.add_argument("--only", choices=MEASUREMENTS, help="run this measurement alone")
    parser.add_argument("--portals", type=int, default=12, help="pipeline-cpu(-side-by-side), recrawl")
    parser.add_argument("--articles", type=int, default=150, help="pipeline-cpu(-side-by-side), recrawl")
    parser.add_argument("--cpu-rounds", type=int, default=5, help="pipeline-cpu (and side by side): rounds")
    parser.add_argument("--small", type=int, default=200, help="one-portal-memory: the small crawl")
    parser.add_argument("--large", type=int, default=2000, help="one-portal-memory: the large crawl")
    parser.add_argument("--fill", type=int, default=10_000, help="near-duplicates: the large database")
    parser.add_argument("--overlap-portals", type=int, default=10, help="near-duplicates: farm portals")
    parser.add_argument("--overlap-articles", type=int, default=150, help="near-duplicates: per portal")
    parser.add_argument("--store-rounds", type=int, default=5, help="near-duplicates: storage-alone rounds")
    parser.add_argument(
        "--jobs-pairs", type=int, default=8, help="near-duplicates: one-process and --jobs 2 crawls, each"
    )
    parser.add_argument("--site-cost-portals", type=int, default=40, help="site-cost: sites at once")
    parser.add_argument("--sites-at-once", type=int, default=40, help="portal-farm: sites in progress")
    parser.add_argument("--farm-small", type=int, default=100, help="portal-farm: the small farm")
    parser.add_argument("--farm-large", type=int, default=1000, help="portal-farm: the large farm")
    args = parser.parse_args()
    if args.list:
        for name, measure in MEASUREMENTS.items():
            print(f"{name:26} {measure.__doc__.splitlines()[0]}")
        return
    random.seed(0)
    lines = []
    for name in [args.only] if args.only else list(MEASUREMENTS):
        print(f"\n{name} ({load()} at start)", flush=True)
        with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
            started = time.monotonic()
            lines.append(MEASUREMENTS[name](args, Path(tmp)))
        print(f"   took {time.monotonic() - started:.0f} s; {load()} at the end", flush=True)
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Which of bench.py's two pipeline-CPU measurements to judge by: both, interleaved, with controls.

    python3 benchmarks/cpu_contention.py [--rounds 5] [--portals 12] [--articles 150]

``pipeline-cpu`` measures the crawl and ``trafilatura.extract()`` alone one after the other;
``pipeline-cpu-side-by-side`` measures them at the same time, one on each core. Their
medians have disagreed (about 0.95 against 1.05). Each round here takes, in an order that
rotates from round to round:

- the crawl alone (``c_alone``, CPU ms an article) and trafilatura alone (``t_alone``, ms a
  page): one ``pipeline-cpu`` round;
- the crawl with trafilatura beside it (``c_side``, ``t_side``): one side-by-side round;
- trafilatura with a second trafilatura beside it (``t_aa``): a control, the same work on
  both cores.

It prints, per round, both ratios and how much a busy second core slows each workload
(``f_crawl`` = c_side / c_alone, ``f_traf`` = t_side / t_alone, ``f_traf_aa`` =
t_aa / t_alone); then each figure's median and range over the rounds. A measurement whose
rounds spread less, run after run, is the one that can tell a few per cent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import Beside, crawl, crawl_ms_per_article, trafilatura_alone, warmed_pages
from farm import Farm, FarmSpec, load

STEPS = ("crawl alone", "trafilatura alone", "side by side", "trafilatura beside trafilatura")


def one_round(number: int, project: Path, pages: list[str], pages_file: Path, tmp: Path) -> dict:
    order = STEPS[number % len(STEPS) :] + STEPS[: number % len(STEPS)]
    got: dict[str, float] = {}
    for step in order:
        db = project / f"round{number}-{len(got)}.db"
        if step == "crawl alone":
            got["c_alone"] = crawl_ms_per_article(crawl(project, db))[0]
        elif step == "trafilatura alone":
            got["t_alone"] = 1000 * trafilatura_alone(pages) / len(pages)
        elif step == "side by side":
            with Beside(pages_file, tmp / f"stop{number}s") as beside:
                run = crawl(project, db)
            got["c_side"] = crawl_ms_per_article(run)[0]
            got["t_side"] = beside.ms
        else:
            with Beside(pages_file, tmp / f"stop{number}a"):
                got["t_aa"] = 1000 * trafilatura_alone(pages) / len(pages)
    got["ratio_seq"] = got["c_alone"] / got["t_alone"]
    got["ratio_side"] = got["c_side"] / got["t_side"]
    got["f_crawl"] = got["c_side"] / got["c_alone"]
    got["f_traf"] = got["t_side"] / got["t_alone"]
    got["f_traf_aa"] = got["t_aa"] / got["t_alone"]
    print(f"   round {number + 1} ({', '.join(order)}):", flush=True)
    print("     " + ", ".join(f"{key} {value:.2f}" for key, value in got.items()), flush=True)
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--portals", type=int, default=12)
    parser.add_argument("--articles", type=int, default=150)
    args = parser.parse_args()
    print(f"cpu-contention ({load()} at start)", flush=True)
    spec = FarmSpec(args.portals, args.articles)
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as name, Farm(spec) as farm:
        tmp = Path(name)
        project, pages = warmed_pages(farm, tmp / "project")
        pages_file = tmp / "pages.json"
        pages_file.write_text(json.dumps(pages), encoding="utf-8")
        rounds = [one_round(number, project, pages, pages_file, tmp) for number in range(args.rounds)]
    print(f"   {load()} at the end")
    for key in ("ratio_seq", "ratio_side", "f_crawl", "f_traf", "f_traf_aa"):
        values = [r[key] for r in rounds]
        print(
            f"{key:10} median {statistics.median(values):.2f}, range {min(values):.2f}-{max(values):.2f} "
            f"({max(values) - min(values):.2f}): {', '.join(f'{v:.2f}' for v in values)}"
        )


if __name__ == "__main__":
    main()

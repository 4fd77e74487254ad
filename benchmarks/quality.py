"""Extraction quality on randomised portal pages: per-field accuracy, ours vs trafilatura alone.

    python3 benchmarks/quality.py [--articles 200] [--listings 50] [--seeds test|train] [--json]
                                  [--by LAYOUT_KEY] [--misses FIELD] [--today YYYY-MM-DD]

Article pages are scored for our extractor with the generic profile only (platform
detection off), with detection on, and for trafilatura alone; listing pages for our link
rules with the generic profile and with the detected platform's selectors. Pages come
from danvan_crawler/replicas/randomise (test seeds by default). See benchmarks/QUALITY.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from danvan_crawler.replicas import quality


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="article pages to score (default 200)")
    parser.add_argument("--listings", type=int, default=50, help="listing pages to score (default 50)")
    parser.add_argument(
        "--seeds", choices=["test", "train"], default="test", help="seed split (default test)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--by", metavar="KEY", help="also split every field by this layout choice")
    parser.add_argument("--misses", metavar="FIELD", help="also print the first misses of FIELD per reader")
    parser.add_argument("--today", type=date.fromisoformat, help="the banner's date of the visit")
    args = parser.parse_args(argv)
    try:
        started = time.perf_counter()
        results = quality.run(args.articles, args.listings, args.seeds, args.today)
        elapsed = time.perf_counter() - started
    except ValueError as err:
        print(f"quality: {err}", file=sys.stderr)
        return 2
    table = quality.figures(results)
    if args.json:
        print(json.dumps({"articles": args.articles, "listings": args.listings, "seeds": args.seeds,
                          "figures": table}, indent=2))  # fmt: skip
        return 0
    print(f"{args.articles} article and {args.listings} listing pages, {args.seeds} seeds, {elapsed:.1f} s")
    print(
        "Percent right; chrome_leaks is the percent of chrome strings found in the body (lower is better).\n"
    )
    print(quality.format_table(table))
    if args.by:
        for kind, fields in (("articles", quality.ARTICLE_FIELDS), ("listings", quality.LISTING_FIELDS)):
            for name in fields:
                print(f"\n{name} by {args.by}:")
                for reader, tally in results[kind].items():
                    split = tally.breakdown(name, args.by)
                    cells = ", ".join(f"{value}={pct} ({n})" for value, (pct, n) in split.items())
                    print(f"  {reader}: {cells}")
    if args.misses:
        kind = "listings" if args.misses in quality.LISTING_FIELDS else "articles"
        for reader, tally in results[kind].items():
            misses = tally.misses(args.misses)
            print(f"\n{args.misses}, {reader}: {len(misses)} pages missed; the first five:")
            for miss in misses[:5]:
                print(f"  seed {miss.seed} {miss.layout}")
                print(f"    expected {miss.expected!r}\n    got      {miss.got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

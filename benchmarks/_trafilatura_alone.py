"""trafilatura.extract() alone on stored pages, in a process of its own, until told to stop.

    python3 benchmarks/_trafilatura_alone.py PAGES.json STOP_FILE

Reads the pages (a JSON list of HTML texts), prints "ready", then extracts page after page
(from the first again after the last) until STOP_FILE exists, looking for it between two
pages; then prints the CPU milliseconds per page over the pages it finished, and how many.
``bench.py``'s side-by-side pipeline measurement runs it on one core while a crawl runs on
the other, so that both see the same machine at the same moments.
"""

from __future__ import annotations

import json
import os
import sys
import time

import trafilatura


def main() -> None:
    pages_file, stop_file = sys.argv[1:3]
    with open(pages_file, encoding="utf-8") as f:
        pages = json.load(f)
    print("ready", flush=True)
    done, spent = 0, 0
    while not os.path.exists(stop_file):
        html = pages[done % len(pages)]
        started = time.process_time_ns()
        trafilatura.extract(html)
        spent += time.process_time_ns() - started
        done += 1
    print(f"{spent / 1e6 / max(done, 1):.3f} {done}", flush=True)


if __name__ == "__main__":
    main()

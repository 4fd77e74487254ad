"""A child crawl process (subcrawl.py): the job on stdin, each site's result on stdout."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from danvan_crawler.crawl.counters import SiteResult
from danvan_crawler.crawl.runner import run_crawl
from danvan_crawler.crawl.subcrawl import RESULT_PREFIX


def report(result: SiteResult) -> None:
    """One site's result, as a line the parent's reader picks out."""
    print(RESULT_PREFIX + json.dumps(asdict(result), ensure_ascii=False), flush=True)


def main() -> None:
    job = json.load(sys.stdin)
    run_crawl(
        job["names"],
        db_path=job["db_path"],
        base_urls=job["base_urls"],
        settings=job["settings"],
        on_site_done=report,
    )


if __name__ == "__main__":
    main()

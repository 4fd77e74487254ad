"""Crawls in child processes writing to the same database.

Used to share sites among processes (``danvan crawl --jobs N``: extraction is CPU-bound
and a Scrapy process uses one core) and to give a site a process of its own
(``legacy_tls.py``). Each child runs ``run_crawl`` and reports every site's result as a
JSON line; SQLite's WAL mode and busy timeout let the children write side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict

RESULT_PREFIX = "DANVAN-RESULT "


def crawl_in_children(
    groups: list[list[str]],
    *,
    db_path,
    base_urls=None,
    settings=None,
    on_site_done=None,
    env: dict | None = None,
) -> list:
    """Crawl each group of spiders in its own child process, all at once; SiteResults."""
    from .runner import SiteResult

    children = []
    for names in groups:
        payload = {
            "names": names,
            "db_path": str(db_path),
            "base_urls": {n: u for n, u in (base_urls or {}).items() if n in names},
            "settings": settings or {},
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "danvan_crawler.subcrawl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        child.stdin.write(json.dumps(payload))
        child.stdin.close()
        children.append((names, child))
    results = {}
    for names, child in children:
        for line in child.stdout:
            if line.startswith(RESULT_PREFIX):
                result = SiteResult(**json.loads(line[len(RESULT_PREFIX) :]))
                results[result.spider] = result
                if on_site_done:
                    on_site_done(result)
        code = child.wait()
        for name in names:
            if name not in results:
                results[name] = SiteResult(spider=name, finish_reason=f"child process failed (exit {code})")
    return [results[n] for names in groups for n in names]


def main() -> None:
    from .runner import run_crawl

    payload = json.load(sys.stdin)

    def report(result) -> None:
        print(RESULT_PREFIX + json.dumps(asdict(result), ensure_ascii=False), flush=True)

    run_crawl(
        payload["names"],
        db_path=payload["db_path"],
        base_urls=payload["base_urls"],
        settings=payload["settings"],
        on_site_done=report,
    )


if __name__ == "__main__":
    main()

"""Crawls in child processes writing to the same database.

Used to share sites among processes (``danvan crawl --jobs N``: extraction is CPU-bound
and a Scrapy process uses one core) and to give a site a process of its own
(``legacy_tls.py``). Each child (``child.py``) runs ``run_crawl`` and reports every site's
result as a JSON line; SQLite's WAL mode and busy timeout let the children write side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from danvan_crawler.crawl.counters import SiteResult

RESULT_PREFIX = "DANVAN-RESULT "


class ChildCrawls:
    """Child processes, one per group of spiders, started at once; each site's result is
    passed to ``on_site_done`` as it arrives (from a reader thread) and ``wait()`` returns
    them all."""

    def __init__(
        self,
        groups: list[list[str]],
        *,
        db_path,
        base_urls=None,
        settings=None,
        on_site_done=None,
        env: dict | None = None,
    ):
        self.groups = groups
        self.on_site_done = on_site_done
        self.results: dict = {}
        self._lock = threading.Lock()
        self._children = []
        for names in groups:
            payload = {
                "names": names,
                "db_path": str(db_path),
                "base_urls": {n: u for n, u in (base_urls or {}).items() if n in names},
                "settings": settings or {},
            }
            child = subprocess.Popen(
                [sys.executable, "-m", "danvan_crawler.crawl.child"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, **(env or {})},
            )
            child.stdin.write(json.dumps(payload))
            child.stdin.close()
            reader = threading.Thread(target=self._read, args=(child,), daemon=True)
            reader.start()
            self._children.append((names, child, reader))

    def _read(self, child: subprocess.Popen) -> None:
        for line in child.stdout:
            if line.startswith(RESULT_PREFIX):
                result = SiteResult.from_dict(json.loads(line[len(RESULT_PREFIX) :]))
                with self._lock:
                    self.results[result.spider] = result
                    if self.on_site_done:
                        self.on_site_done(result)

    def terminate(self) -> None:
        for _, child, _ in self._children:
            if child.poll() is None:
                child.terminate()

    def wait(self) -> list[SiteResult]:
        """Every site's SiteResult, in group order; a child that died fails its missing sites."""
        for names, child, reader in self._children:
            code = child.wait()
            reader.join()
            for name in names:
                if name not in self.results:
                    self.results[name] = SiteResult(
                        spider=name, finish_reason=f"child process failed (exit {code})"
                    )
        return [self.results[n] for names in self.groups for n in names]


def crawl_in_children(groups: list[list[str]], **kwargs) -> list[SiteResult]:
    """Crawl each group of spiders in its own child process, all at once; SiteResults."""
    return ChildCrawls(groups, **kwargs).wait()

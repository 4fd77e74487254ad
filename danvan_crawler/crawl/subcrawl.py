"""Crawls in child processes writing to the same database, taking sites from one queue.

Used to share sites among processes (``danvan crawl --jobs N``: extraction is CPU-bound
and a Scrapy process uses one core) and to give sites a process of their own
(``legacy_tls.py``). A child (``child.py``) gets its job as a JSON line on stdin, then asks
for each site when one of its slots frees (``NEXT`` on stdout, the site's name or an empty
line back on stdin) and reports what each site does as JSON lines. SQLite's WAL mode and
busy timeout let the processes write side by side.

``prestart`` starts the children of ``crawl --jobs N`` before the parent's own start-up
(imports, spider modules, database checks), so that their imports run beside it on the
other cores instead of after it; ``ChildCrawls`` then hands them their job. A child that
gets no job (the crawl stopped before it began) reads end-of-file and exits.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading

from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue

NEXT = "DANVAN-NEXT"
EVENT_PREFIX = "DANVAN-EVENT "


def event_line(kind: str, name: str, data: dict | None = None) -> str:
    """One event of a child, as the line its parent's reader picks out."""
    return EVENT_PREFIX + json.dumps({"kind": kind, "name": name, "data": data}, ensure_ascii=False)


def _spawn(env: dict | None = None) -> subprocess.Popen:
    """A child crawl process, waiting for its job on stdin once its imports are done."""
    return subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler.crawl.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        # Its own session: a Ctrl-C at the terminal reaches the parent, which passes
        # one signal on (interrupt()); two would force an unclean stop.
        start_new_session=True,
    )


# Children started by ``prestart`` and not yet given a job (this process's environment).
_PRESTARTED: list[subprocess.Popen] = []


def prestart(count: int) -> None:
    """Start ``count`` children now, for the ``ChildCrawls`` made later in this process.

    A child's start-up (~1 s of imports) otherwise began only when the parent's had ended,
    and the parent's head start was idle time on one core at the end of the crawl.
    """
    _PRESTARTED.extend(_spawn() for _ in range(count))


def dismiss_prestarted() -> None:
    """End-of-file to the children nobody gave a job: each exits once its imports are done
    and it reads it (not waited for: a usage error must not wait a second for them)."""
    while _PRESTARTED:
        popen = _PRESTARTED.pop()
        for stream in (popen.stdin, popen.stdout):
            with contextlib.suppress(OSError):
                stream.close()


atexit.register(dismiss_prestarted)  # a no-op unless some child was never given its job


class _Child:
    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.taken: list[str] = []
        self.reader: threading.Thread | None = None


class ChildCrawls:
    """``count`` child processes taking sites from ``queue``, started at once; their events go
    to ``events`` as they arrive (from reader threads) and ``wait()`` returns every result."""

    def __init__(
        self,
        count: int,
        queue: SiteQueue,
        *,
        settings: dict,
        base_urls: dict | None = None,
        slots: int = 1,
        events: CrawlEvents | None = None,
        env: dict | None = None,
    ):
        self.queue = queue
        self.events = events or CrawlEvents()
        self.results: dict[str, SiteResult] = {}
        self._children: list[_Child] = []
        job = json.dumps({"settings": settings, "base_urls": base_urls or {}, "slots": slots})
        for _ in range(count):
            popen = _PRESTARTED.pop(0) if _PRESTARTED and env is None else None
            if popen is None or popen.poll() is not None:  # none ready, or it died starting
                popen = _spawn(env)
            popen.stdin.write(job + "\n")
            popen.stdin.flush()
            child = _Child(popen)
            child.reader = threading.Thread(target=self._read, args=(child,), daemon=True)
            child.reader.start()
            self._children.append(child)

    def _read(self, child: _Child) -> None:
        for line in child.popen.stdout:
            line = line.rstrip("\n")
            if line == NEXT:
                name = self.queue.take()
                if name is not None:
                    child.taken.append(name)
                try:
                    child.popen.stdin.write((name or "") + "\n")
                    child.popen.stdin.flush()
                except OSError:  # the child is gone; its taken sites are failed in wait()
                    pass
            elif line.startswith(EVENT_PREFIX):
                self._dispatch(json.loads(line[len(EVENT_PREFIX) :]))

    def _dispatch(self, event: dict) -> None:
        kind, name, data = event["kind"], event["name"], event["data"]
        if kind == "started":
            self.events.started(name)
        elif kind == "progress":
            self.events.progress(name, RunCounters(**data))
        elif kind == "done":
            result = SiteResult.from_dict(data)
            self.results[name] = result
            self.events.done(result)

    def interrupt(self, signum: int = signal.SIGINT) -> None:
        """Pass a stop signal on: each child ends its sites in progress cleanly and takes no more."""
        self.queue.close()
        for child in self._children:
            if child.popen.poll() is None:
                child.popen.send_signal(signum)

    def terminate(self) -> None:
        self.interrupt(signal.SIGTERM)

    def wait(self) -> list[SiteResult]:
        """Every site a child took, with its result; a child that died fails its missing sites."""
        results = []
        for child in self._children:
            code = child.popen.wait()
            child.reader.join()
            with contextlib.suppress(OSError):
                child.popen.stdin.close()
            for name in child.taken:
                if name not in self.results:
                    failed = SiteResult(spider=name, finish_reason=f"child process failed (exit {code})")
                    self.results[name] = failed
                    self.events.done(failed)
                results.append(self.results[name])
        return results

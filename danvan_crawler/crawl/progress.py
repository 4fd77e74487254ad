"""The live progress of ``danvan crawl``: a display that updates in place on a terminal,
a heartbeat line per site in progress when the output is a log (cron), or nothing (-q)."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.events import CrawlEvents
from danvan_crawler.extract.dates import VN_TZ


def local_time() -> str:
    """Now in Vietnam time, as the crawl prints it: ``2025-03-28 14:05:09+07:00``."""
    return datetime.now(VN_TZ).isoformat(sep=" ", timespec="seconds")


def elapsed(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def done_line(result: SiteResult, *, verbose: bool = False) -> str:
    """A site that ended, in one line (the cause when it failed)."""
    counters = result.counters
    if result.finish_reason == "shutdown":  # Ctrl-C: not a failure of the site
        state = "stopped; the next run carries on"
    else:
        state = "ok" if result.ok else "FAILED: " + "; ".join(result.problems)
    line = f"  {result.spider}: {counters.describe()} in {result.seconds}s - {state}"
    if verbose:
        reasons = ", ".join(f"{k} x{v}" for k, v in sorted(counters.failure_reasons.items()))
        line += (
            f" [{counters.pages_fetched} pages fetched, {counters.listing_pages} listing, "
            f"{counters.listing_not_modified} listing unchanged, {counters.fallbacks} fallbacks"
            + (f"; failures: {reasons}" if reasons else "")
            + "]"
        )
    return line


@dataclass
class _Site:
    began: float = field(default_factory=time.monotonic)
    counters: RunCounters = field(default_factory=RunCounters)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.began

    @property
    def rate(self) -> float:
        """Article pages read per second so far."""
        return self.counters.article_pages / max(self.seconds, 1e-3)


class CrawlProgress(CrawlEvents):
    """Sites queued, in progress and done; prints each site as it ends (``quiet``: nothing)."""

    def __init__(self, total: int, *, verbose: bool = False, quiet: bool = False, out=None):
        self.total = total
        self.verbose = verbose
        self.quiet = quiet
        self.out = out or sys.stdout
        self.lock = threading.RLock()
        self.running: dict[str, _Site] = {}
        self.finished = 0
        self.failed = 0

    @property
    def queued(self) -> int:
        return max(0, self.total - self.finished - len(self.running))

    def counts(self) -> str:
        return (
            f"{self.total} site(s): {len(self.running)} in progress, {self.queued} queued, "
            f"{self.finished} done, {self.failed} failed"
        )

    def site_line(self, name: str, site: _Site) -> str:
        c = site.counters
        return (
            f"{name}: {c.listing_pages} listing pages, {c.articles_new} new, "
            f"{c.articles_skipped_known} known, {c.failures} failures, "
            f"{site.rate:.1f} articles/s, {elapsed(site.seconds)}"
        )

    def print(self, line: str) -> None:
        if not self.quiet:
            print(line, file=self.out, flush=True)

    def started(self, name: str) -> None:
        with self.lock:
            self.running[name] = _Site()
            if self.verbose:
                self.print(f"  {name}: started ({self.queued} queued)")

    def progress(self, name: str, counters: RunCounters) -> None:
        with self.lock:
            if name in self.running:
                self.running[name].counters = counters

    def done(self, result: SiteResult) -> None:
        with self.lock:
            self.running.pop(result.spider, None)
            self.finished += 1
            self.failed += not result.ok
            self.print(done_line(result, verbose=self.verbose))

    def __enter__(self) -> CrawlProgress:
        return self

    def __exit__(self, *exc) -> None:
        pass


class HeartbeatProgress(CrawlProgress):
    """For a log: every ``interval`` seconds, a line per site in progress and the counts."""

    def __init__(self, total: int, *, interval: float, **kwargs):
        super().__init__(total, **kwargs)
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="danvan-heartbeat", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            with self.lock:
                if not self.running:
                    continue
                now = local_time()
                for name, site in self.running.items():
                    self.print(f"[{now}] {self.site_line(name, site)}")
                self.print(f"[{now}] {self.counts()}")

    def __enter__(self) -> HeartbeatProgress:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class LiveProgress(CrawlProgress):
    """For a terminal: a table of the sites in progress, redrawn in place (rich)."""

    def __init__(self, total: int, **kwargs):
        from rich.console import Console
        from rich.live import Live

        super().__init__(total, **kwargs)
        self.console = Console(file=self.out)
        self.live = Live(
            console=self.console, get_renderable=self._render, refresh_per_second=2, transient=True
        )

    def print(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _render(self):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        with self.lock:
            table = Table(box=None)
            for header in ("site", "listing", "new", "known", "failures", "articles/s", "elapsed"):
                table.add_column(header, justify="left" if header == "site" else "right")
            room = max(3, self.console.height - 6)
            shown = list(self.running.items())
            for name, site in shown[:room]:
                c = site.counters
                table.add_row(
                    name,
                    str(c.listing_pages),
                    str(c.articles_new),
                    str(c.articles_skipped_known),
                    str(c.failures),
                    f"{site.rate:.1f}",
                    elapsed(site.seconds),
                )
            if len(shown) > room:
                table.add_row(f"... {len(shown) - room} more", *[""] * 6)
            return Group(Text(f"{self.counts()}  [{local_time()}]"), table)

    def __enter__(self) -> LiveProgress:
        self.live.start()
        return self

    def __exit__(self, *exc) -> None:
        self.live.stop()


def progress_display(total: int, *, quiet: bool, verbose: bool, heartbeat: float, out=None) -> CrawlProgress:
    """The display for this output: live on a terminal, heartbeat lines otherwise, none with -q."""
    out = out or sys.stdout
    if quiet:
        return CrawlProgress(total, quiet=True, out=out)
    if out.isatty():
        return LiveProgress(total, verbose=verbose, out=out)
    return HeartbeatProgress(total, interval=heartbeat, verbose=verbose, out=out)

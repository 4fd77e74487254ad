"""``danvan stats``: per site, its articles and how its last run went, in one narrow table."""

from __future__ import annotations

from dataclasses import dataclass

from danvan_crawler.crawl.counters import RunCounters
from danvan_crawler.localtime import LOCAL_LABEL, local_time, to_local
from danvan_crawler.store.queries import site_summary

HEADER = ("site", "articles", "urls", f"last run ({LOCAL_LABEL})", "took", "new", "failures", "result")
# The table fits a 100-column terminal (a spider name of up to 30 characters); why a run
# failed is a line of its own under the table.
WIDTH = 100


@dataclass
class StatsReport:
    rows: list[tuple]  # in the order of HEADER
    notes: list[str]  # "site: why its last run failed"


def _took(started: str | None, finished: str | None) -> str:
    if not (started and finished):
        return ""
    seconds = int((to_local(finished) - to_local(started)).total_seconds())
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


def _problems(row: dict) -> list[str]:
    if not row["last_run_finished"]:
        return []
    return RunCounters.from_stored(row["last_stats"]).problems(row["last_finish_reason"] or "")


def _result(row: dict) -> str:
    if not row["last_run_finished"]:
        return "running"  # or killed: `danvan health` tells them apart
    return "FAILED" if _problems(row) else "ok"


def site_stats(conn) -> StatsReport:
    """One row per site with a run, and why the failed last runs failed."""
    summary = site_summary(conn)
    rows = [
        (
            row["site"],
            row["articles"],
            row["urls"],
            local_time(row["last_run_started"]),
            _took(row["last_run_started"], row["last_run_finished"]),
            row["last_articles_new"],
            row["last_failures"],
            _result(row),
        )
        for row in summary
    ]
    notes = [f"{row['site']}: {'; '.join(_problems(row))}" for row in summary if _problems(row)]
    return StatsReport(rows, notes)


def fit(lines: list[str], width: int = WIDTH) -> list[str]:
    """Lines cut to ``width`` columns, a cut one ending in an ellipsis."""
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]

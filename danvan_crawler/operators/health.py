"""Site health from the database alone: what ``danvan health`` prints and alerts on.

Each site's normal is learned from its own history: its publishing rhythm (median
gap between consecutive publication dates) and its usual failure and fallback
rates over earlier runs. A jump against that normal is what a broken site looks
like: selectors broken by a re-theme show as a fallback jump, a dead server as
connection failures and an empty run.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from danvan_crawler.crawl.counters import RunCounters
from danvan_crawler.localtime import local_time
from danvan_crawler.store import queries

CONNECTION_REASONS = {"dns", "tls", "timeout", "connection_refused", "connection_lost"}
# A rate must pass this floor and this multiple of the site's usual rate to alert.
RATE_FLOOR = 0.2
RATE_JUMP = 3.0
SILENCE_FACTOR = 3.0
MIN_SILENCE = timedelta(days=1)
UNFINISHED_AFTER = timedelta(hours=6)


@dataclass
class SiteHealth:
    """One site's health: recent activity, last run's rates, and alerts (empty = healthy)."""

    site: str
    last_success: str | None = None
    new_1d: int = 0
    new_7d: int = 0
    new_30d: int = 0
    failure_rate: float = 0.0
    fallback_rate: float = 0.0
    usual_interval_days: float | None = None
    history: int = 0  # earlier successful runs the last one is compared with
    alerts: list[str] = field(default_factory=list)


def _parse(ts: str | None) -> datetime | None:
    if not ts:
        return None
    value = datetime.fromisoformat(ts)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _rates(run: RunCounters) -> tuple[float, float]:
    # Share of attempted pages that failed (a page that never answered counts once).
    failure = run.failures / max(1, run.pages_fetched + run.failures)
    fallback = run.fallbacks / run.article_pages if run.article_pages else 0.0
    return failure, fallback


def _usual_interval(published: list[str]) -> float | None:
    days = sorted({date.fromisoformat(p[:10]) for p in published if p}, reverse=True)[:30]
    gaps = [(a - b).days for a, b in itertools.pairwise(days)]
    return float(statistics.median(gaps)) if gaps else None


def site_health(conn, site: str, now: datetime) -> SiteHealth:
    """Health of one site as of ``now``."""
    health = SiteHealth(site=site)
    runs = queries.recent_runs(conn, site)
    discovered = [_parse(ts) for ts in queries.discovery_times(conn, site)]
    for days, attr in ((1, "new_1d"), (7, "new_7d"), (30, "new_30d")):
        setattr(health, attr, sum(1 for ts in discovered if ts and now - ts <= timedelta(days=days)))
    health.usual_interval_days = _usual_interval(queries.published_values(conn, site))

    finished = [r for r in runs if r["finished_at"]]
    counters = [RunCounters.from_stored(r["stats"]) for r in finished]
    ok = [not c.problems(r["finish_reason"]) for r, c in zip(finished, counters, strict=True)]
    ok_runs = [r for r, good in zip(finished, ok, strict=True) if good]
    if ok_runs:
        health.last_success = ok_runs[0]["finished_at"]
    elif finished:
        health.alerts.append(f"never succeeded ({len(finished)} run(s))")
    if runs and not runs[0]["finished_at"] and now - _parse(runs[0]["started_at"]) > UNFINISHED_AFTER:
        started = local_time(runs[0]["started_at"], with_zone=True)
        health.alerts.append(f"last run (started {started}) never finished")
    if not finished:
        return health
    last = counters[0]
    health.failure_rate, health.fallback_rate = _rates(last)

    # Silence: nothing new discovered for much longer than the site's own rhythm.
    last_new = max((ts for ts in discovered if ts), default=None)
    if last_new and health.usual_interval_days is not None:
        allowed = max(timedelta(days=SILENCE_FACTOR * health.usual_interval_days), MIN_SILENCE)
        if now - last_new > allowed:
            health.alerts.append(
                f"silent: no new article for {(now - last_new).days} days "
                f"(usually one every {health.usual_interval_days:g} days)"
            )
    if last.found_nothing:
        health.alerts.append("last run found nothing")

    # The site's normal is what its earlier successful runs did; a failed run is no normal.
    earlier = [_rates(c) for c, good in zip(counters[1:], ok[1:], strict=True) if good][:10]
    health.history = len(earlier)
    if earlier:
        usual_failure = statistics.median([f for f, _ in earlier])
        usual_fallback = statistics.median([f for _, f in earlier])
        usual = f"usually {usual_failure:.0%}", f"usually {usual_fallback:.0%}"
    else:
        usual_failure = usual_fallback = 0.0
        usual = ("no successful run to compare with",) * 2
    if health.failure_rate > max(RATE_FLOOR, RATE_JUMP * usual_failure):
        health.alerts.append(f"failure rate {health.failure_rate:.0%} ({usual[0]})")
    if health.fallback_rate > max(RATE_FLOOR, RATE_JUMP * usual_fallback):
        health.alerts.append(
            f"fallback extractions {health.fallback_rate:.0%} of articles ({usual[1]}): "
            "selectors broken by a layout change?"
        )
    broken = {
        r: n for r, n in last.failure_reasons.items() if r in CONNECTION_REASONS or r.startswith("http_5")
    }
    if broken:
        listed = ", ".join(f"{r} x{n}" for r, n in sorted(broken.items()))
        health.alerts.append(f"connection or server errors: {listed}")
    return health


def check_health(db, *, now: datetime | None = None) -> list[SiteHealth]:
    """Health of every site that has a run in the database."""
    now = now or datetime.now(UTC)
    return [site_health(db.conn, site, now) for site in queries.run_sites(db.conn)]

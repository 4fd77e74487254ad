"""Print a replica crawl's JSONL export in a form that does not depend on crawl timing.

Used to show that a change leaves what a crawl stores untouched (issue "One path per
concept"): run a replica crawl before and after, snapshot both, diff.

    python3 -m danvan_crawler crawl --all --replicas --db /tmp/a.db
    python3 tests/tools/export_snapshot.py /tmp/a.db > before.jsonl

Fetch times are removed; row ids (which follow the order sites happened to finish in)
are replaced by URLs: a row's own id by its URL, a cluster id by the first URL (sorted)
of the cluster's members; rows are sorted by URL.
"""

from __future__ import annotations

import json
import subprocess
import sys


def snapshot(db_path: str) -> list[str]:
    """The normalised export rows of ``db_path``, one JSON text per row, sorted."""
    exported = subprocess.run(
        [sys.executable, "-m", "danvan_crawler", "export", "--db", db_path, "--format", "jsonl"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [json.loads(line) for line in exported.splitlines() if line.strip()]
    first_url: dict[int, str] = {}
    for row in rows:
        cluster = row.get("cluster_id")
        if cluster is not None:
            first_url[cluster] = min(first_url.get(cluster, row["url"]), row["url"])
    lines = []
    for row in rows:
        row.pop("fetched_at", None)
        row["id"] = row["url"]
        if row.get("cluster_id") is not None:
            row["cluster_id"] = first_url[row["cluster_id"]]
        lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return sorted(lines)


if __name__ == "__main__":
    for line in snapshot(sys.argv[1]):
        print(line)

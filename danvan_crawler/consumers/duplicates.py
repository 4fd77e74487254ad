"""``danvan duplicates``: the biggest near-duplicate clusters, their copies earliest first."""

from __future__ import annotations

from dataclasses import dataclass

from danvan_crawler.store.queries import cluster_members, count_clusters, duplicate_clusters


@dataclass
class Cluster:
    cluster_id: int
    size: int
    title: str
    members: list[tuple]  # (site, published, url, is_first), earliest first


@dataclass
class DuplicatesReport:
    """The ``clusters`` shown and how many there are in all."""

    clusters: list[Cluster]
    total: int

    @property
    def footer(self) -> str | None:
        """The "50 of 73 clusters" line when the list was cut, else None."""
        if self.total <= len(self.clusters):
            return None
        return f"{len(self.clusters)} of {self.total} clusters; --limit N shows more"


def duplicates_report(conn, limit: int) -> DuplicatesReport:
    """The ``limit`` biggest clusters of more than one article, with their members."""
    clusters = [
        Cluster(cid, size, title, cluster_members(conn, cid))
        for cid, size, title in duplicate_clusters(conn, limit)
    ]
    total = count_clusters(conn) if len(clusters) == limit else len(clusters)
    return DuplicatesReport(clusters, total)

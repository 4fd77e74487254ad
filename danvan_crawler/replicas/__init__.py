"""Replica portals served on loopback: every test and the offline crawl run against them."""

from danvan_crawler.replicas.model import ReplicaArticle, ReplicaSite
from danvan_crawler.replicas.server import ReplicaFarm
from danvan_crawler.replicas.sites import build_all_sites, build_platform_sites, build_seed_sites

__all__ = [
    "ReplicaArticle",
    "ReplicaFarm",
    "ReplicaSite",
    "build_all_sites",
    "build_platform_sites",
    "build_seed_sites",
]

"""Replica portals served on loopback: every test and the offline crawl run against them."""

from .model import ReplicaArticle, ReplicaSite
from .server import ReplicaFarm
from .sites import build_all_sites, build_platform_sites, build_seed_sites

__all__ = [
    "ReplicaArticle",
    "ReplicaFarm",
    "ReplicaSite",
    "build_all_sites",
    "build_platform_sites",
    "build_seed_sites",
]

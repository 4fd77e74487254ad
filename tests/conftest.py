"""Shared fixtures: the replica farm on loopback, the seed gold, and the danvan CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from importlib import resources
from pathlib import Path

import pytest

from danvan_crawler.replicas import ReplicaFarm, build_platform_sites

REPO = Path(__file__).resolve().parent.parent

# Seed capture -> the spider (and replica) of its portal.
SEED_SPIDERS = {
    "000_7e6dbdb05537f7bd.txt": "la34",
    "001_f2c9cdfe691f1ed6.txt": "thoaison_angiang",
    "002_ef43287c4973310c.txt": "langson",
    "003_04f70a9c28b4bc3c.txt": "quan11_hcm",
    "004_83323420a70d540f.txt": "longdien_brvt",
}
SPIDERS = tuple(SEED_SPIDERS.values())
# Replicas of the other platforms (no seed capture) and their spiders.
PLATFORM_SPIDERS = (
    "dongthap",  # Liferay 6.2
    "quangtri",  # Liferay 7
    "binhdinh",  # VNPT eportal (Liferay), javascript: next links
    "quangnam_tinhuy",  # DotNetNuke, Telerik grid postback
    "vinhlong_danvan",  # DotNetNuke, tabid URLs, &p=N links
    "krongno_daknong",  # SharePoint list, postback
    "camlo_quangtri",  # custom PHP
)


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, dict]:
    """Gold split of each seed capture, keyed by spider name."""
    raw = resources.files("danvan_crawler.replicas").joinpath("data/seed_gold.json").read_text("utf-8")
    gold = json.loads(raw)
    return {SEED_SPIDERS[key]: value for key, value in gold.items()}


@pytest.fixture(scope="session")
def farm():
    """The five replica portals, each on its own loopback port."""
    with ReplicaFarm() as running:
        yield running


def fetch(url: str) -> str:
    """GET a loopback URL and return its text."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def run_danvan(
    *args: str, cwd: Path | None = None, timeout: int = 600, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run the ``danvan`` CLI in a fresh process (Scrapy's reactor cannot restart in-process)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "danvan_crawler", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def one_line_error(result, code: int) -> str:
    """The one ``error: ...`` line a failed command printed, after checking its exit code."""
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def mirror_args(farm, spiders=SPIDERS) -> list[str]:
    """``--base-url`` options pointing each spider at its replica."""
    args = []
    for name in spiders:
        args += ["--base-url", f"{name}={farm.base_url(name)}"]
    return args


def write_spider(
    project: Path, name: str, section_url: str, base: str = "WordPressSpider", extra: str = ""
) -> None:
    """A spider module in ``project/spiders`` on ``base`` (a platform spider class) for one section
    of a loopback replica; ``extra``: more class body lines."""
    (project / "spiders").mkdir(parents=True, exist_ok=True)
    (project / "spiders" / "__init__.py").write_text("")
    (project / "spiders" / f"{name}.py").write_text(
        f"from danvan_crawler.platforms import {base}\n\n\n"
        f"class S({base}):\n    name = {name!r}\n    allowed_domains = ['127.0.0.1']\n"
        f"    sections = {{'Dân vận': {section_url!r}}}\n{extra}",
        encoding="utf-8",
    )


def generated_site(name: str, **options):
    """A replica built by the generator on the template of the spec called ``name`` (``options``:
    ``build_generated_site``'s, such as ``count``)."""
    from danvan_crawler.replicas.sites import PLATFORM_SPECS, SPECS, build_generated_site

    spec = next(spec for spec in [*SPECS, *PLATFORM_SPECS] if spec.name == name)
    return build_generated_site(spec, **options)


@pytest.fixture(scope="session")
def crawled(farm, tmp_path_factory):
    """One full crawl of all five replicas into a fresh database: (db path, CLI result)."""
    db = tmp_path_factory.mktemp("crawl") / "danvan.db"
    for site in farm.sites.values():
        site.clear_log()
    result = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(farm))
    assert result.returncode == 0, result.stdout + result.stderr
    return db, result


@pytest.fixture(scope="session")
def platform_farm():
    """Replicas of Liferay, DotNetNuke, SharePoint postback and custom PHP portals."""
    with ReplicaFarm(build_platform_sites()) as running:
        yield running


@pytest.fixture(scope="session")
def platform_crawled(platform_farm, tmp_path_factory):
    """One crawl of every platform replica: (db path, CLI result)."""
    db = tmp_path_factory.mktemp("platforms") / "danvan.db"
    for site in platform_farm.sites.values():
        site.clear_log()
    result = run_danvan(
        "crawl", *PLATFORM_SPIDERS, "--db", str(db), *mirror_args(platform_farm, PLATFORM_SPIDERS)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return db, result

"""The benchmarks' replica farm, scratch project and measured CLI runs (used by bench.py)."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
# No benchmark run may hang the machine: every CLI run is killed after this long.
RUN_TIMEOUT = 1800


def bench_specs(portals: int, prefix: str = "bench", one_template: bool = False):
    """PortalSpecs cycling through every template whose pages show a header date (or the first)."""
    from danvan_crawler.replicas.sites import PLATFORM_SPECS, SPECS

    bases = [s for s in SPECS if s.shows_time] + list(PLATFORM_SPECS)
    bases = bases[:1] if one_template else bases
    width = len(str(portals - 1))
    return [replace(bases[i % len(bases)], name=f"{prefix}{i:0{width}d}") for i in range(portals)]


def story_paragraphs(rng, stock: list[str]) -> list[str]:
    """One story's own paragraphs: new word order over the replica generator's vocabulary,
    plus the first stock sentence of each of ``stock`` (portals do reuse formulas)."""
    from danvan_crawler.replicas.textgen import SENTENCES

    words = sorted(
        {w for t in SENTENCES for w in t.replace("{", " ").replace("}", " ").split() if w.isalpha()}
    )
    paragraphs = []
    for paragraph in stock:
        sentences = [" ".join(rng.choices(words, k=rng.randint(18, 32))).capitalize() + "." for _ in range(2)]
        paragraphs.append(" ".join([*sentences, paragraph.split(". ")[0].rstrip(".") + "."]))
    return paragraphs


def diversify(site, seed: str) -> None:
    """Give every article its own story text.

    The replica generator builds paragraphs from a dozen stock sentences, so any two of
    its articles share most of their wording: every stored article is then a
    near-duplicate candidate of every other (the ``near-duplicates`` measurement keeps
    that on purpose; the others give each story its own wording).
    """
    rng = random.Random(seed)
    for article in site.articles:
        if not (article.is_seed or article.is_notice):
            article.paragraphs = story_paragraphs(rng, article.paragraphs)


@dataclass(frozen=True)
class FarmSpec:
    """What a farm serves: ``portals`` x ``articles``, ``page_size`` per listing page (0: the template's)."""

    portals: int
    articles: int
    latency: float = 0.0
    overlap: bool = False  # keep the generator's overlapping story texts
    page_size: int = 0
    prefix: str = "bench"
    one_template: bool = False  # every portal on the first template (same pages, other counts)
    # Portals that get another article count: {index: articles}.
    sizes: tuple[tuple[int, int], ...] = ()


def _serve(spec: FarmSpec, ready, stop) -> None:
    """Child process: build and serve the farm; send {name: (section URL, base spider)}."""
    from danvan_crawler.platforms import SPIDER_FOR_PLATFORM, GenericSpider
    from danvan_crawler.replicas import ReplicaFarm
    from danvan_crawler.replicas.sites import build_generated_site

    sizes = dict(spec.sizes)
    sites = {}
    for i, portal in enumerate(bench_specs(spec.portals, spec.prefix, spec.one_template)):
        site = build_generated_site(portal, count=sizes.get(i, spec.articles))
        site.pad_to, site.page_cache, site.delay = (60_000, 150_000), {}, spec.latency
        if spec.page_size:
            site.page_size = spec.page_size
        if not spec.overlap:
            diversify(site, portal.name)
        sites[portal.name] = site
    with ReplicaFarm(sites) as farm:
        # One host name per portal (through the farm's front door) where the farm has one,
        # so each portal gets its own politeness slot as a real one would.
        by_host = hasattr(farm, "host_url") and hasattr(farm, "proxy_url")
        info = {}
        for name, site in sites.items():
            base = SPIDER_FOR_PLATFORM.get(site.platform, GenericSpider).__name__
            url = farm.section_url(name)
            if by_host:
                url = farm.host_url(name) + site.template.listing_path(site, 1)
            info[name] = (url, base)
        ready.send((info, farm.proxy_url if by_host else None))
        stop.recv()


class Farm:
    """A replica farm served from a separate process (its CPU stays off the crawler's)."""

    def __init__(self, spec: FarmSpec):
        self.spec = spec
        ready_recv, self._ready_send = multiprocessing.Pipe(duplex=False)
        self._stop_recv, self._stop_send = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.Process(target=_serve, args=(spec, self._ready_send, self._stop_recv))
        self.process.start()
        # Wait for the farm, but not for a farm process that died building it.
        started = time.monotonic()
        while not ready_recv.poll(1):
            if not self.process.is_alive():
                code = self.process.exitcode
                raise SystemExit(f"the farm process died (exit code {code}); see its traceback above")
            if time.monotonic() - started > 1800:
                self.process.kill()
                raise SystemExit("the farm did not start within 30 minutes")
        self.info, self.proxy = ready_recv.recv()

    def cpu(self) -> float:
        """CPU seconds the farm's process has used so far."""
        return process_cpu(self.process.pid)

    def close(self) -> None:
        self._stop_send.send(True)
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()

    def __enter__(self) -> Farm:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_project(root: Path, farm: Farm) -> Path:
    """A scratch project with one spider per portal of ``farm``; its directory."""
    spiders = root / "spiders"
    spiders.mkdir(parents=True)
    (spiders / "__init__.py").write_text("")
    for name, (section_url, base) in farm.info.items():
        host = urlsplit(section_url).hostname
        (spiders / f"{name}.py").write_text(
            f"from danvan_crawler.platforms import {base}\n\n\n"
            f"class Spider({base}):\n    name = {name!r}\n    allowed_domains = [{host!r}]\n"
            f"    sections = {{'Tin': {section_url!r}}}\n",
            encoding="utf-8",
        )
    if farm.proxy:
        # Host names are not loopback, so the crawl would be polite: the loopback
        # settings instead, one request at a time per portal. Not a delay of 0: Scrapy
        # 2.19's downloader then hands a slot all its queued requests at once (its loop
        # checks the free transfer slots before the scheduled downloads take theirs), up
        # to 7 in flight per portal, each on a connection of its own; a polite crawl's
        # delay never meets that. 1 ms keeps one request in flight, as a real crawl does.
        settings = {"DANVAN_HTTP_PROXY": farm.proxy, "DOWNLOAD_DELAY": 0.001, "AUTOTHROTTLE_ENABLED": False}
        settings.update({"RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 30})
        (root / "settings.json").write_text(json.dumps(settings))
    return root


def danvan(project: Path, *args: str, env: dict | None = None) -> dict:
    """Run the CLI in the project: wall and CPU seconds (children included), peak RSS."""
    extra = {}
    if (project / "settings.json").exists():
        for key, value in json.loads((project / "settings.json").read_text()).items():
            extra[key] = str(value)
    started = time.monotonic()
    settings = [a for key, value in extra.items() for a in ("--set", f"{key}={value}")]
    result = subprocess.run(
        [sys.executable, str(HERE / "_measure.py"), *args, *(settings if args[0] == "crawl" else [])],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        timeout=RUN_TIMEOUT,
    )
    wall = time.monotonic() - started
    lines = [x for x in result.stderr.splitlines() if x.startswith("DANVAN-MEASURE ")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"danvan {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return {"wall": wall, **json.loads(lines[-1].removeprefix("DANVAN-MEASURE "))}


def process_cpu(pid: int) -> float:
    """CPU seconds a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_stats(db: Path) -> dict:
    """Sum of every numeric Scrapy stat over the runs in ``db``."""
    totals: dict[str, float] = {}
    with sqlite3.connect(db) as conn:
        for (raw,) in conn.execute("select stats from crawl_runs"):
            for key, value in json.loads(raw)["scrapy"].items():
                if isinstance(value, (int, float)):
                    totals[key] = totals.get(key, 0) + value
    return totals


def load() -> str:
    """The machine's load averages, for the record (other people's tests share it)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} CPUs"

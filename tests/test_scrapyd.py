"""Outgrowing one machine: deploy to a real scrapyd, schedule a spider over its HTTP API."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from conftest import REPO

pytestmark = pytest.mark.crawl


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=10) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A scrapyd on a free loopback port, with its own eggs, logs and queues."""
    home = tmp_path_factory.mktemp("scrapyd")
    port = _free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\nmax_proc = 2\npoll_interval = 0.5\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            if _get(url + "daemonstatus.json")["status"] == "ok":
                break
        except OSError:
            pass
        assert proc.poll() is None, "scrapyd exited"
        assert time.monotonic() < deadline, "scrapyd did not start"
        time.sleep(0.3)
    yield url, home
    proc.terminate()
    proc.wait(timeout=10)


def test_deploy_schedule_and_store(scrapyd, farm, tmp_path):
    url, _home = scrapyd
    # A deploy target for this scrapyd, from a user-level scrapy.cfg (Scrapy reads
    # $XDG_CONFIG_HOME/scrapy.cfg besides the project's own).
    config = tmp_path / "xdg"
    config.mkdir()
    (config / "scrapy.cfg").write_text(f"[deploy:ci]\nurl = {url}\nproject = danvan_crawler\n")
    deploy = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "ci", "-p", "danvan_crawler", "-v", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    spiders = _get(url + "listspiders.json?project=danvan_crawler")["spiders"]
    assert "la34" in spiders and "quan11_hcm" in spiders

    db = tmp_path / "node.db"
    job = _post(
        url + "schedule.json",
        [
            ("project", "danvan_crawler"),
            ("spider", "quan11_hcm"),
            ("base_url", farm.base_url("quan11_hcm")),
            ("setting", f"DANVAN_DB={db}"),
            ("setting", "DOWNLOAD_DELAY=0"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
        ],
    )
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 120
    while True:
        jobs = _get(url + "listjobs.json?project=danvan_crawler")
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.5)

    conn = sqlite3.connect(db)
    try:
        count = conn.execute("select count(*) from articles where site = 'quan11_hcm'").fetchone()[0]
        run = conn.execute("select finish_reason, failures from crawl_runs").fetchone()
        titles = {t for (t,) in conn.execute("select title from articles")}
    finally:
        conn.close()
    assert count == len(farm.sites["quan11_hcm"].articles)
    assert run == ("finished", 0)
    assert {a.title for a in farm.sites["quan11_hcm"].articles} == titles

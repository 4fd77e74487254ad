"""`crawl --replicas`: URLs that do not depend on which loopback ports were free, and
stories republished across portals, as the demo of near-duplicate clusters."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import urllib.error
import urllib.request
from contextlib import ExitStack

import pytest
from conftest import run_danvan

from danvan_crawler.crawl.runner import REPLICA_PROXY_PORT
from danvan_crawler.replicas import ReplicaFarm, build_seed_sites

pytestmark = pytest.mark.crawl


def test_front_door_serves_each_site_by_host_name():
    with ReplicaFarm(build_seed_sites()) as farm:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": farm.proxy_url}))
        site = farm.sites["la34"]
        page = opener.open(farm.host_url("la34") + site.articles[0].path, timeout=10).read().decode()
        assert site.articles[0].title in page
        # Absolute links in the page name the host the request came by, not a loopback port.
        assert "127.0.0.1" not in page
        with pytest.raises(urllib.error.HTTPError) as err:
            opener.open("http://nosuchsite.replica.test/", timeout=10)
        assert err.value.code == 502


def test_front_door_keeps_a_connection_open_across_requests():
    # Real portals keep connections alive; a front door that closed each one made every
    # proxied crawl (the benchmarks) open a new connection per page.
    with ReplicaFarm(build_seed_sites()) as farm:
        host, port = farm.proxy_url.removeprefix("http://").split(":")
        site = farm.sites["la34"]
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        sockets = []
        try:
            for article in site.articles[:3]:
                conn.request("GET", farm.host_url("la34") + article.path)
                response = conn.getresponse()
                assert article.title in response.read().decode()
                assert not response.will_close
                sockets.append(conn.sock)
        finally:
            conn.close()
        assert len(set(map(id, sockets))) == 1  # one socket: nothing reconnected


def test_second_run_is_incremental_when_the_preferred_ports_are_taken(tmp_path):
    db = tmp_path / "danvan.db"
    with ExitStack() as held:
        for port in range(REPLICA_PROXY_PORT, REPLICA_PROXY_PORT + 12):
            sock = held.enter_context(socket.socket())
            try:
                sock.bind(("127.0.0.1", port))
                sock.listen()
            except OSError:
                pass  # already held by another process: taken either way
        for _ in range(2):
            result = run_danvan("crawl", "la34", "quangtri", "dongthap", "--replicas", "--db", str(db))
            assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as conn:
        runs = conn.execute(
            "select site, article_pages from crawl_runs"
            " where id in (select max(id) from crawl_runs group by site)"
        ).fetchall()
        urls = conn.execute("select count(*), count(distinct url) from article_urls").fetchone()
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        hosts = {row[0].split("/")[2] for row in conn.execute("select url from article_urls")}
    assert sorted(runs) == [("dongthap", 0), ("la34", 0), ("quangtri", 0)]
    assert urls == (articles, articles) and articles == 90
    assert hosts == {"la34.replica.test", "quangtri.replica.test", "dongthap.replica.test"}
    # quangtri republishes a dongthap story (replicas/sites.py REPUBLISHED): one cluster.
    shown = run_danvan("duplicates", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    first, second = [line.split()[-1] for line in shown.stdout.splitlines() if "replica.test" in line]
    assert first.startswith("http://dongthap.") and second.startswith("http://quangtri.")

"""``danvan health``: quiet on healthy sites, loud (exit 1) when a site goes silent or breaks."""

from __future__ import annotations

import pytest
from conftest import SPIDERS, mirror_args, run_danvan

from danvan_crawler.replicas import ReplicaFarm

pytestmark = pytest.mark.crawl


@pytest.fixture
def own_farm():
    with ReplicaFarm() as farm:
        yield farm


def _crawl(farm, db, *extra, expect=0):
    result = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(farm), *extra)
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def _alerts(result, site):
    return [line for line in result.stdout.splitlines() if line.startswith(f"{site}: ")]


def test_healthy_sites_raise_no_alert(own_farm, tmp_path):
    db = tmp_path / "h.db"
    _crawl(own_farm, db)
    _crawl(own_farm, db)
    result = run_danvan("health", "--db", str(db))
    assert result.returncode == 0, result.stdout
    for name in SPIDERS:
        assert name in result.stdout
    assert "ALERT" not in result.stdout


def test_silent_site_alerts_and_notifies(own_farm, tmp_path):
    db = tmp_path / "h.db"
    _crawl(own_farm, db)
    sink = tmp_path / "alerts.txt"
    later = "2099-01-01T00:00:00+00:00"
    result = run_danvan("health", "--db", str(db), "--now", later, "--notify", f"cat > {sink}")
    assert result.returncode == 1
    assert any("silent: no new article" in a for a in _alerts(result, "la34"))
    assert "la34: silent" in sink.read_text()


def test_site_down_alerts(own_farm, tmp_path):
    db = tmp_path / "h.db"
    _crawl(own_farm, db)
    own_farm.sites["quan11_hcm"].down = True
    _crawl(own_farm, db, expect=1)
    result = run_danvan("health", "--db", str(db))
    assert result.returncode == 1
    alerts = " ".join(_alerts(result, "quan11_hcm"))
    assert "last run found nothing" in alerts
    assert "http_503" in alerts
    assert not _alerts(result, "la34")


def test_broken_selectors_alert(own_farm, tmp_path):
    db = tmp_path / "h.db"
    _crawl(own_farm, db)
    site = own_farm.sites["la34"]
    site.rewrite = [("entry-content", "noi-dung-bai"), ("entry-title", "tieu-de"), ("posted-on", "ngay-dang")]
    _crawl(own_farm, db, "--full")
    result = run_danvan("health", "--db", str(db))
    assert result.returncode == 1
    alerts = " ".join(_alerts(result, "la34"))
    assert "fallback extractions" in alerts and "selectors broken" in alerts
    assert not _alerts(result, "langson")


def test_health_bad_db(tmp_path):
    result = run_danvan("health", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 3
    assert result.stderr.startswith("error: no database")

"""Awkward servers: expired self-signed certificates, old TLS with small DH keys, http fallback."""

from __future__ import annotations

import datetime
import json
import sqlite3
import ssl

import pytest
from conftest import REPO, run_danvan, write_spider
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from danvan_crawler.replicas import ReplicaFarm, build_seed_sites

pytestmark = pytest.mark.crawl
DH_1024 = REPO / "tests" / "fixtures" / "tls" / "dh1024.pem"


@pytest.fixture(scope="module")
def expired_cert(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 that expired a month ago: (cert, key) paths."""
    folder = tmp_path_factory.mktemp("tls")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=800))
        .not_valid_after(now - datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return folder / "cert.pem", folder / "key.pem"


def _context(cert, key, *, old_dh: bool = False) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if old_dh:
        # Like an old government server: TLS 1.2 at most, only DHE with a 1024-bit group.
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers("DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:@SECLEVEL=0")
        context.load_dh_params(DH_1024)
    return context


def test_expired_self_signed_certificate_is_crawled(expired_cert, tmp_path):
    site = build_seed_sites()["la34"]
    with ReplicaFarm({"la34": site}, tls=_context(*expired_cert)) as farm:
        assert farm.base_url("la34").startswith("https://")
        result = run_danvan(
            "crawl", "la34", "--db", str(tmp_path / "t.db"), "--base-url", f"la34={farm.base_url('la34')}"
        )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 30


def test_old_tls_failure_is_recorded_with_its_cause(expired_cert, tmp_path):
    site = build_seed_sites()["la34"]
    with ReplicaFarm({"la34": site}, tls=_context(*expired_cert, old_dh=True)) as farm:
        result = run_danvan(
            "crawl", "la34", "--db", str(tmp_path / "t.db"), "--base-url", f"la34={farm.base_url('la34')}"
        )
    assert result.returncode == 1
    with sqlite3.connect(tmp_path / "t.db") as conn:
        reasons = conn.execute("select reason, detail from failures").fetchall()
    assert tuple({r for r, _ in reasons if r != "section_empty"}) == ("tls",)
    assert any("dh key too small" in detail.lower() for _, detail in reasons), reasons


def test_http_fallback_after_a_tls_failure(expired_cert, tmp_path):
    site = build_seed_sites()["la34"]
    with (
        ReplicaFarm({"la34": site}, tls=_context(*expired_cert, old_dh=True)) as tls_farm,
        ReplicaFarm({"la34": site}) as plain_farm,
    ):
        section = tls_farm.section_url("la34")
        write_spider(
            tmp_path, "legacy", section, extra=f"    http_fallback = {plain_farm.base_url('la34')!r}\n"
        )
        result = run_danvan("crawl", "legacy", "--db", str(tmp_path / "t.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 30
        failures = conn.execute("select reason, detail from failures").fetchall()
        stats = json.loads(conn.execute("select stats from crawl_runs").fetchone()[0])["scrapy"]
    assert failures and all(r == "tls" and "retrying over http" in d for r, d in failures)
    assert stats["danvan/http_fallback"] == len(failures)


def test_per_site_tls_settings_reach_the_crawler_settings():
    from scrapy.settings import Settings

    from danvan_crawler.platforms import WordPressSpider

    class OldServer(WordPressSpider):
        name = "old_server"
        tls_ciphers = "DEFAULT:AES128-SHA"
        download_delay = 5

    settings = Settings()
    OldServer.update_settings(settings)
    assert settings["DOWNLOADER_CLIENT_TLS_CIPHERS"] == "DEFAULT:AES128-SHA"
    plain = Settings()
    WordPressSpider.update_settings(plain)
    assert plain["DOWNLOADER_CLIENT_TLS_CIPHERS"] == "DEFAULT"


def test_lower_security_level_for_one_site_only(expired_cert, tmp_path):
    """A 1024-bit DH server crawls with tls_security_level = 0; the other site in the run keeps
    the default level (its own old-TLS twin still fails)."""
    sites = build_seed_sites()
    with (
        ReplicaFarm({"la34": sites["la34"]}, tls=_context(*expired_cert, old_dh=True)) as legacy_farm,
        ReplicaFarm({"langson": sites["langson"]}, tls=_context(*expired_cert, old_dh=True)) as strict_farm,
    ):
        write_spider(
            tmp_path, "legacy", legacy_farm.section_url("la34"), extra="    tls_security_level = 0\n"
        )
        write_spider(tmp_path, "strict", strict_farm.section_url("langson"))
        result = run_danvan("crawl", "legacy", "strict", "--db", str(tmp_path / "t.db"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = {
        line.split()[0]: line
        for line in result.stdout.splitlines()
        if line.startswith(("legacy ", "strict "))
    }
    assert lines["legacy"].split()[1] == "ok" and lines["strict"].split()[1] == "FAILED"
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("select count(*) from articles where site = 'legacy'").fetchone()[0] == 30
        reasons = {r for (r,) in conn.execute("select reason from failures where site = 'strict'")}
    assert "tls" in reasons

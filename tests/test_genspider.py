"""`danvan genspider` drafts, unedited, crawl every replica platform; `danvan check` gates a spider."""

from __future__ import annotations

import json
import sqlite3
import unicodedata

import pytest
from conftest import run_danvan

from danvan_crawler.replicas import ReplicaFarm, build_all_sites, build_seed_sites

pytestmark = pytest.mark.crawl


def _nfc(text):
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


@pytest.fixture(scope="module")
def all_farm():
    with ReplicaFarm(build_all_sites()) as running:
        yield running


@pytest.fixture(scope="module")
def drafted(all_farm, tmp_path_factory):
    """A scratch project with one genspider draft per replica portal: (dir, outputs)."""
    project = tmp_path_factory.mktemp("project")
    outputs = {}
    for name in all_farm.sites:
        result = run_danvan("genspider", f"draft_{name}", all_farm.section_url(name), cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[name] = result.stdout
    return project, outputs


def test_genspider_detects_each_platform(all_farm, drafted):
    project, outputs = drafted
    expected_class = {
        "wordpress": "WordPressSpider",
        "drupal": "DrupalSpider",
        "sharepoint": "SharePointSpider",
        "liferay": "LiferaySpider",
        "dotnetnuke": "DotNetNukeSpider",
        "custom_php": "CustomPhpSpider",
        "custom": "GenericSpider",
    }
    for name, site in all_farm.sites.items():
        module = (project / "spiders" / f"draft_{name}.py").read_text("utf-8")
        assert f"({expected_class[site.platform]}):" in module, name
        assert len([line for line in module.splitlines() if line.strip()]) <= 11
        assert "confidence" in outputs[name] and f"wrote spiders/draft_{name}.py" in outputs[name]
        fixtures = list(
            (project / "tests" / "fixtures" / "spiders" / f"draft_{name}").glob("*/expected.json")
        )
        kinds = sorted(json.loads(p.read_text("utf-8"))["kind"] for p in fixtures)
        assert kinds == ["article", "listing"], name
    assert "ASP.NET postback" in outputs["krongno_daknong"]
    assert "date cursor" in outputs["quan11_hcm"]
    assert "javascript:" in outputs["binhdinh"]
    assert "date_from_lead = True" in (project / "spiders" / "draft_langson.py").read_text("utf-8")


def test_drafted_spiders_crawl_their_replicas_unedited(all_farm, drafted):
    project, _ = drafted
    names = [f"draft_{name}" for name in all_farm.sites]
    db = project / "drafts.db"
    result = run_danvan("crawl", *names, "--db", str(db), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    conn = sqlite3.connect(db)
    for name, site in all_farm.sites.items():
        rows = conn.execute(
            "select title, published, text from articles where spider = ?", (f"draft_{name}",)
        ).fetchall()
        by_title = {_nfc(title): (published, text) for title, published, text in rows}
        correct = 0
        for article in site.articles:
            got = by_title.get(_nfc(article.title))
            if (
                got
                and got[0] == article.published_iso
                and all(_nfc(p) in _nfc(got[1]) for p in article.paragraphs)
            ):
                correct += 1
        assert correct / len(site.articles) >= 0.95, f"{name}: {correct}/{len(site.articles)}"
    conn.close()


def test_genspider_bad_input(all_farm, tmp_path):
    bad_name = run_danvan("genspider", "Bad-Name", all_farm.section_url("la34"), cwd=tmp_path)
    assert bad_name.returncode == 2 and "spider name must be" in bad_name.stderr
    dead = run_danvan("genspider", "dead", "http://127.0.0.1:9/tin-tuc", cwd=tmp_path)
    assert dead.returncode == 1 and dead.stderr.startswith("error: cannot fetch")
    assert not (tmp_path / "spiders" / "dead.py").exists()
    first = run_danvan("genspider", "twice", all_farm.section_url("la34"), cwd=tmp_path)
    assert first.returncode == 0
    again = run_danvan("genspider", "twice", all_farm.section_url("la34"), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_check_prints_coverage_and_fails_on_broken_markup(tmp_path):
    sites = build_seed_sites()
    with ReplicaFarm({"thoaison_angiang": sites["thoaison_angiang"]}) as farm:
        base = farm.base_url("thoaison_angiang")
        good = run_danvan("check", "thoaison_angiang", "--pages", "2", "--base-url", base)
        assert good.returncode == 0, good.stdout + good.stderr
        assert "2 listing pages, 20 articles" in good.stdout
        for field in ("title", "published", "author", "text >= 80", "fallbacks", "failures"):
            assert any(line.startswith(field) for line in good.stdout.splitlines()), field
        assert good.stdout.rstrip().endswith("thoaison_angiang: ok")
        # A re-theme: the article markup no longer matches the platform's selectors.
        sites["thoaison_angiang"].rewrite = [
            ("class='post-body'", "class='noi-dung'"),
            ("<span class='post-created'>", "<span class='ngay-dang'>"),
            ("class='post-title'>", "class='tieu-de'>"),
        ]
        broken = run_danvan("check", "thoaison_angiang", "--pages", "1", "--base-url", base)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "thoaison_angiang: FAILED" in broken.stderr and "fallbacks" in broken.stderr
    assert "LOW" in broken.stdout


def test_check_bad_input():
    unknown = run_danvan("check", "nope")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: unknown spider 'nope'")
    bad_url = run_danvan("check", "la34", "--base-url", "ftp://x")
    assert bad_url.returncode == 2 and "--base-url" in bad_url.stderr

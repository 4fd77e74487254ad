"""docs/adding-a-portal.md, run as written against a replica portal: it ends with a passing spider."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import REPO

from danvan_crawler.replicas import ReplicaFarm, build_platform_sites

pytestmark = pytest.mark.crawl
TUTORIAL = REPO / "docs" / "adding-a-portal.md"


def test_tutorial_commands_end_with_a_passing_spider(tmp_path):
    text = TUTORIAL.read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    assert len(blocks) == 5
    site = build_platform_sites()["camlo_quangtri"]
    with ReplicaFarm({"camlo_quangtri": site}) as farm:
        live_url = "https://camlo.quangtri.gov.vn/index.php?com=danhmuc_tin&id_category=22"
        assert live_url in blocks[0]
        # The only edit: the live portal's URL becomes its replica's.
        blocks[0] = blocks[0].replace(live_url, farm.section_url("camlo_quangtri"))
        script = "\n".join(
            [
                "set -euo pipefail",
                f'danvan() {{ "{sys.executable}" -m danvan_crawler "$@"; }}',
                f"export ARTICLE_URL={farm.base_url('camlo_quangtri')}{site.articles[5].path!r}",
                *blocks,
            ]
        )
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "camlo_demo: ok" in result.stdout  # danvan check passed
    module = (tmp_path / "spiders" / "camlo_demo.py").read_text("utf-8")
    assert "(CustomPhpSpider):" in module
    fixtures = sorted((tmp_path / "tests" / "fixtures" / "spiders" / "camlo_demo").glob("*/expected.json"))
    kinds = sorted(json.loads(p.read_text("utf-8"))["kind"] for p in fixtures)
    assert kinds == ["article", "article", "listing"]
    assert "30 new" in result.stdout  # the final crawl stored the whole section

"""The README stays true: two quick-start commands, every command listed, the facts it states."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

from danvan_crawler.cli import main
from danvan_crawler.crawl.runner import REPLICA_PROXY_PORT
from danvan_crawler.replicas.server import REPLICA_DOMAIN

README = (REPO / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _commands(text: str) -> list[str]:
    """The indented (code) lines of a Markdown section."""
    return [line.strip() for line in text.splitlines() if line.startswith("    ") and line.strip()]


def test_quick_start_is_two_commands():
    commands = _commands(_section("Quick start"))
    assert commands == [
        "python3 -m pip install -e . && python3 -m danvan_crawler crawl --all --replicas",
        "python3 -m pip install -e '.[test]' && python3 -m pytest",
    ]


def test_fast_lane_is_documented_and_its_marker_declared():
    assert any(c.startswith('python3 -m pytest -m "not crawl"') for c in _commands(_section("Development")))
    markers = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("crawl:") for m in markers["markers"])


def test_every_command_is_in_the_commands_table():
    table = _section("Commands")
    for name in main.commands:
        assert f"| `danvan {name}" in table, name


def test_replica_front_door_facts():
    assert f"port\n{REPLICA_PROXY_PORT}" in README or f"port {REPLICA_PROXY_PORT}" in README
    assert f"<site>.{REPLICA_DOMAIN}" in README
    assert not re.search(r"1834\d\s*[-–]\s*1834\d", README), "the replicas no longer use a range of ports"


def test_exit_code_table_matches_the_cli():
    from danvan_crawler.cli import app

    rows = dict(re.findall(r"^\| (\d) \| (.+) \|$", README, re.MULTILINE))
    codes = set(app.Exit)
    assert {int(code) for code in rows} == codes
    assert "not an HTML page" in rows[str(app.Exit.SETUP)]


def test_every_setting_the_readme_names_exists_with_the_default_it_states():
    from danvan_crawler import settings

    named = set(re.findall(r"DANVAN_[A-Z_]+", README))
    assert named and all(hasattr(settings, name) for name in named), named - set(dir(settings))
    assert (settings.DANVAN_STORE_BATCH, settings.DANVAN_STORE_BATCH_SECONDS) == (32, 0.2)
    assert "up to 32 in one transaction" in README and "at the latest 0.2 s" in README
    assert settings.DANVAN_SITES_AT_ONCE == 32 and "32 by default" in README

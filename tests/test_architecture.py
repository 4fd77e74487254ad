"""The package's shape stays as docs/architecture.md describes it (issue "One path per concept")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "danvan_crawler"
# Data tables and replica page templates may be long; code modules may not.
LONG_ALLOWED = ("replicas/templates/",)
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _top_level_imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Package modules imported when ``path`` is imported (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text("utf-8"))
    targets: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):  # the package imports absolutely, never relatively
            base = node.module or ""
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules.keys()
            # ``from pkg import module`` depends on that module; other names, on ``pkg`` itself.
            targets.update(submodules or {base})
    return {t for t in targets if t in modules and t != name}


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _top_level_imports(path, name, modules) for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in graph[name]:
            if state.get(target) == 1:
                cycle = trail[trail.index(target) :] if target in trail else trail
                pytest.fail("import cycle: " + " -> ".join([*cycle, target]))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def test_code_modules_stay_small():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
        and not str(path.relative_to(PACKAGE)).startswith(LONG_ALLOWED)
    }
    assert long == {}


def test_no_test_knobs_or_private_crawler_attributes_in_the_package():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(word in path.read_text("utf-8") for word in ("DANVAN_FAULT", "crawler._danvan"))
    ]
    assert offenders == []

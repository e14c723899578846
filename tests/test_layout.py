"""The package's layout: its sub-packages name the stages of the line, no two of them import each
other (a stage uses the ones before it and shared knowledge, never the other way round), and no
modules import each other in a circle."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "detector"


def _imports(path: Path) -> set[str]:
    """The `detector` modules (dotted, relative to the package) one file imports, lazily or not."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    here = parts[:-1]  # the file's package (for __init__.py too: its folder)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            found.add(".".join(base + ([node.module] if node.module else [])))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("detector.")}


def _stage(module: str) -> str | None:
    """The sub-package a dotted module belongs to (None for the package's top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (PACKAGE / parts[1]).is_dir() else None


def stage_graph() -> dict[str, set[str]]:
    """Which sub-package imports which."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        stage = _stage(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for target in _imports(path):
            other = _stage(target)
            if stage and other and other != stage:
                graph[stage].add(other)
    return graph


def module_graph() -> dict[str, set[str]]:
    """Which module imports which (a package's __init__ stands for the package)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {name: {t for t in _imports(path) if t in modules and t != name} for name, path in modules.items()}


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), list(graph[start])
    while todo:
        here = todo.pop()
        if here == goal:
            return True
        if here not in seen:
            seen.add(here)
            todo.extend(graph.get(here, ()))
    return False


def test_no_modules_import_each_other_in_a_circle():
    graph = module_graph()
    assert sorted(m for m in graph if _reaches(graph, m, m)) == []


def test_no_two_stages_import_each_other():
    graph = stage_graph()
    circles = sorted((a, b) for a in graph for b in graph[a] if a < b and a in graph.get(b, ()))
    assert circles == []


def test_the_graph_sees_the_imports_it_checks():
    graph = stage_graph()
    assert "text" in graph["rules"] and "pipeline" in graph["apps"]
    assert "detector.text.document" in module_graph()["detector.pipeline.engine"]

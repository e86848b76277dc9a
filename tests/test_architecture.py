"""The house rules, checked on the source: layers import downwards only, and no module
imports another that imports it back (type-checking and function-level imports included,
since a cycle there is still a knot a reader has to untie).

    corpus → retrieval → tools → bot, with db beside tools; domain, config, errors below all.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("corpus", "retrieval", "db", "tools", "bot")
# What each package may import from the project, besides itself and the shared modules.
ALLOWED = {
    "corpus": set(),
    "retrieval": {"corpus"},
    "db": {"corpus", "retrieval"},
    "tools": {"corpus", "retrieval", "db"},
    "bot": {"corpus", "retrieval", "db", "tools"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules `path` imports anywhere in it (top level, functions, TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in modules}


def test_layers_import_downwards_only() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        package = name.split(".")[0]
        for target in _imports(path, modules):
            other = target.split(".")[0]
            if other != package and other not in ALLOWED[package]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = defaultdict(set)
    for name, path in modules.items():
        graph[name] = _imports(path, modules) - {name}
    # a package's __init__ naming its own submodules is how packages work, not a cycle
    for name in modules:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(modules):
        if name not in index:
            visit(name)
    assert cycles == []

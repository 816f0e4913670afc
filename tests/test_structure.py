"""The rooms of the house, read from the source with ``ast`` (nothing of evodesk is imported).

No import cycle among evodesk's modules (imports inside functions and for the type checker count: they show how
the rooms depend on each other); ``evodesk.ui`` reaches the layers below only through ``evodesk.services`` (and
``evodesk.domain``, ``evodesk.config``); no ``global`` statement; no module over ``MAX_LINES`` lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "evodesk"
MAX_LINES = 600


def modules() -> dict[str, Path]:
    """Module name → file, for every module of evodesk but the migration scripts (Alembic runs those)."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_names(name: str, path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything ``path`` imports, relative imports resolved, at any depth of the tree."""
    is_package = path.name == "__init__.py"
    names: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            names.append((node.lineno, prefix))
            names.extend((node.lineno, f"{prefix}.{alias.name}") for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the evodesk modules it imports (``from pkg import mod`` counts as importing ``pkg.mod``)."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _line, target in imported_names(name, path):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("evodesk") and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            # A package importing its own submodules (its face, e.g. a lazy attribute) is one room, not a cycle.
            rooms = {m for m in component if not any(o != m and o.startswith(m + ".") for o in component)}
            if len(rooms) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checks_see_what_they_should() -> None:
    graph = import_graph()
    assert "evodesk.ui.window.parts" in graph["evodesk.ui.window.main_window"], "a deferred import counts"
    assert "evodesk.services.manager" in graph["evodesk.services"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"p": {"p.m"}, "p.m": {"p"}}) == [], "a package and its own module are one room"
    assert cycles({"p": {"p.m"}, "p.m": {"q"}, "q": {"p"}}) == [["p", "p.m", "q"]]


def test_no_import_cycle_in_evodesk() -> None:
    assert cycles(import_graph()) == []


def test_the_window_reaches_the_layers_below_only_through_the_services() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {target}"
        for name, path in modules().items()
        if name.startswith("evodesk.ui")
        for line, target in imported_names(name, path)
        if target.startswith(("evodesk.store", "evodesk.evolution"))
    ]
    assert offenders == []


def test_no_global_statement() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in modules().values()
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert offenders == []


def test_no_module_is_longer_than_the_limit() -> None:
    lengths = {path.relative_to(ROOT): len(path.read_text("utf-8").splitlines()) for path in modules().values()}
    assert {str(path): count for path, count in lengths.items() if count > MAX_LINES} == {}

"""The kit's layers: a core that imports no feature, and no circle in the import graph.

The graph is read from the sources (``ast``): every import a module runs when
it is loaded, at its top or inside a function; imports under ``TYPE_CHECKING``
are for annotations only and never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "sphinx_newsletter"
#: The core: what every feature reads. It knows no feature.
CORE = {
    "_compat",
    "archived",
    "asia",
    "buildstate",
    "catalog",
    "collector",
    "config",
    "conflines",
    "domain",
    "labels",
    "links",
    "linkhealth",
    "model",
    "nodes",
    "output",
    "paths",
    "preview",
    "slugs",
    "spelling",
    "taxonomies",
    "text",
    "urls",
    "version",
}
#: The features: each registers itself (``setup(app)`` in its package).
FEATURES = {"read", "pages", "search", "feeds", "email", "theme", "health"}


def modules() -> dict[str, Path]:
    """Every module of the kit by its name inside the package (``pages.listings``)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _runs(node: ast.AST) -> list[ast.AST]:
    """The statements below ``node`` that run, leaving out ``if TYPE_CHECKING:`` bodies."""
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
            found.extend(child.orelse)
            continue
        found.append(child)
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kit's modules that ``name`` imports when it runs (``""`` is the package)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [part for part in package if part]
    found: set[str] = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        pending.extend(_runs(node))
        if isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("sphinx_newsletter.")
                for a in node.names
                if a.name.startswith("sphinx_newsletter.")
            )
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - (node.level - 1)]
            module = ".".join([*base, *([node.module] if node.module else [])])
        elif (node.module or "").split(".")[0] == "sphinx_newsletter":
            module = (node.module or "").removeprefix("sphinx_newsletter").lstrip(".")
        else:
            continue
        for alias in node.names:
            target = f"{module}.{alias.name}" if module else alias.name
            found.add(target if target in known else module)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, set(known)) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One circle in the graph, as the path that closes it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_circle():
    assert cycle(graph()) is None


def test_the_core_imports_no_feature():
    found = [
        (name, target)
        for name, targets in graph().items()
        if name.split(".")[0] in CORE
        for target in targets
        if target.split(".")[0] in FEATURES | {"extension", "cli"}
    ]
    assert found == []


def test_every_module_is_core_or_a_feature_or_the_wiring():
    tops = {name.split(".")[0] for name in modules()}
    assert tops <= CORE | FEATURES | {"", "extension", "cli", "__main__"}


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_circle_finder_finds_a_planted_circle(edges, expected):
    assert cycle(edges) == expected


def test_the_graph_sees_imports_inside_functions():
    edges = graph()
    # pages/__init__.py imports its modules inside setup(); listings imports the domain.
    assert "pages.generated" in edges["pages"]
    assert "domain" in edges["pages.listings"]

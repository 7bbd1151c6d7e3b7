"""Moderation's packages depend one way: no import cycle between them (grimp reads the real import graph)."""

from __future__ import annotations

import grimp


def _package_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    """Imports between moderation's first-level packages and modules (`moderation.intake`, `moderation.config`...)."""
    edges = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = ".".join(module.split(".")[:2]), ".".join(imported.split(".")[:2])
            if source != target and "moderation" not in (source, target):
                edges.add((source, target))
    return edges


def _cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan), each sorted."""
    successors: dict[str, list[str]] = {}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
        successors.setdefault(target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in successors[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(successors):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_reports_a_two_package_loop() -> None:
    assert _cycles({("a", "b"), ("b", "a"), ("b", "c")}) == [["a", "b"]]
    assert _cycles({("a", "b"), ("b", "c")}) == []


def test_moderation_packages_import_each_other_without_cycles() -> None:
    edges = _package_edges(grimp.build_graph("moderation"))
    assert ("moderation.intake", "moderation.site") in edges  # the graph is real, not empty
    cycles = _cycles(edges)
    loops = {" <-> ".join(c): sorted(f"{a} -> {b}" for a, b in edges if a in c and b in c) for c in cycles}
    assert not cycles, loops

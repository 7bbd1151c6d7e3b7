"""The training package's modules depend one way: loaders, then splits, then metrics and reports, then the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

TRAINING = REPO_ROOT / "training"


def _imports(path: Path) -> set[str]:
    """Every `training.*` module imported anywhere in the file, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "training":
                found.update(f"training.{alias.name}" for alias in node.names)
            elif node.module.startswith("training."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("training."))
    return found


def _modules() -> dict[str, Path]:
    """Every module of the package and its sub-packages (training/experiments/...), by dotted name."""
    return {
        ".".join(("training", *p.relative_to(TRAINING).with_suffix("").parts)): p
        for p in TRAINING.rglob("*.py")
        if p.stem != "__init__"
    }


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path) & set(modules) for name, path in modules.items()}


def test_training_modules_import_each_other_without_a_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join([*path, module])
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_no_training_module_imports_another_ones_private_names() -> None:
    private: list[str] = []
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("training"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []

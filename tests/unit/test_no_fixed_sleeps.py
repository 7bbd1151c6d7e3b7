"""Tests wait for a condition with a deadline (tests/support/waiting.py), never for a fixed time.

A fixed sleep is too short on a loaded machine (a flaky test) and too long on an idle one (a slow suite). The one
sleep allowed is a pause that is itself the behaviour under test (a client sending slowly), marked `# paced:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
WAITING = TESTS / "support" / "waiting.py"
#: Calls that pause for a given time: time.sleep, asyncio.sleep, Playwright's page.wait_for_timeout.
PAUSES = frozenset({"sleep", "wait_for_timeout"})


def fixed_pauses(path: Path, root: Path = TESTS) -> list[str]:
    """`file:line` (relative to `root`) of each call that pauses for a fixed time, unless its line says `# paced:`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = set()
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in PAUSES and "# paced:" not in lines[node.lineno - 1]:
                found.add(node.lineno)
    return [f"{path.relative_to(root)}:{line}" for line in sorted(found)]


def test_no_test_sleeps_for_a_fixed_time() -> None:
    paths = [p for p in sorted(TESTS.rglob("*.py")) if ".venv" not in p.parts and p != WAITING]
    found = [where for path in paths for where in fixed_pauses(path)]
    assert found == [], "wait with tests.support.waiting.wait_until(condition, timeout=...) instead"


def test_the_check_finds_each_kind_of_pause(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import asyncio, time\n"
        "time.sleep(1)\n"
        "async def f(page):\n"
        "    await asyncio.sleep(0.1)\n"
        "    page.wait_for_timeout(50)\n"
        "    time.sleep(0.2)  # paced: a slow client\n"
    )
    assert fixed_pauses(sample, root=tmp_path) == ["test_sample.py:2", "test_sample.py:4", "test_sample.py:5"]

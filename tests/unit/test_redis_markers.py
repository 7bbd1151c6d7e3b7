"""Every test file that reads or writes the test Redis carries `pytest.mark.redis`, so the Cluster pass runs it.

`make test-cluster` selects `-m "redis and not slow"`: a Redis-facing file without the marker would silently
never meet a Redis Cluster, where a script or transaction that spans two slots fails. Whether a file touches
Redis is read from its source (no import, no collection): it asks for a fixture that leads to the `namespace`
or `redis_client` fixtures, or it uses a name that connects to the test Redis (`REDIS_URL`,
`client_from_url`, `fresh_namespace`, or a support helper that uses one of them).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent

#: Fixtures whose tests get a Redis namespace (every app and settings fixture builds on them).
REDIS_FIXTURES = frozenset({"namespace", "redis_client"})
#: Names that connect to the test Redis without a fixture.
REDIS_NAMES = frozenset({"REDIS_URL", "client_from_url", "fresh_namespace"})


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_fixture(node: ast.FunctionDef) -> bool:
    """Whether a function is decorated with `pytest.fixture` (called or not)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
    return False


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _parameters(node: ast.FunctionDef) -> set[str]:
    return {arg.arg for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}


def _names(node: ast.AST) -> set[str]:
    """Every identifier a piece of code uses (names, attributes, imported names)."""
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
        elif isinstance(child, ast.alias):
            found.add(child.asname or child.name)
    return found


def _redis_fixtures(fixtures: dict[str, set[str]], known: Iterable[str]) -> set[str]:
    """The fixtures that lead to a Redis fixture, given each fixture's parameters (a fixpoint)."""
    reached = set(known)
    while grown := {name for name, params in fixtures.items() if name not in reached and params & reached}:
        reached |= grown
    return reached


def _support_modules() -> list[Path]:
    return [path for path in TESTS.rglob("*.py") if not path.name.startswith("test_") and ".venv" not in path.parts]


def _shared_context() -> tuple[dict[str, set[str]], set[str]]:
    """The conftest fixtures (name -> parameters) and the support helpers that connect to the test Redis."""
    fixtures: dict[str, set[str]] = {}
    definitions: dict[str, ast.AST] = {}
    for path in _support_modules():
        for node in _parse(path).body:
            if isinstance(node, ast.FunctionDef) and _is_fixture(node):  # reached through parameters, not names
                fixtures[node.name] = _parameters(node)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                definitions[node.name] = node
    redis_names = set(REDIS_NAMES)
    while grown := {n for n, node in definitions.items() if n not in redis_names and _names(node) & redis_names}:
        redis_names |= grown
    return fixtures, redis_names


def redis_facing(path: Path, fixtures: dict[str, set[str]], redis_names: set[str]) -> bool:
    """Whether a test module asks for Redis through a fixture or connects to it through a name."""
    tree = _parse(path)
    functions = _functions(tree)
    local = {node.name: _parameters(node) for node in functions if _is_fixture(node)}
    # a module's own fixture shadows the conftest's of the same name (a unit test's `settings` is not Redis's)
    reaching = _redis_fixtures({**fixtures, **local}, REDIS_FIXTURES)
    asks = any(_parameters(node) & reaching for node in functions if node.name.startswith("test") or node.name in local)
    return asks or bool(_names(tree) & redis_names)


def marked_redis(path: Path) -> bool:
    """Whether the module's `pytestmark` (one mark or a list) includes `pytest.mark.redis`."""
    for node in _parse(path).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            marks = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            return any(isinstance(mark, ast.Attribute) and mark.attr == "redis" for mark in marks)
    return False


def _test_modules() -> list[Path]:
    return sorted(path for path in TESTS.rglob("test_*.py") if ".venv" not in path.parts)


def test_every_redis_facing_test_file_is_marked_for_the_cluster_pass() -> None:
    fixtures, redis_names = _shared_context()
    unmarked = [
        str(path.relative_to(TESTS))
        for path in _test_modules()
        if redis_facing(path, fixtures, redis_names) and not marked_redis(path)
    ]
    assert unmarked == [], "add `pytestmark = pytest.mark.redis` (or add it to the module's list) to these"


def test_no_file_that_leaves_redis_alone_is_marked() -> None:
    fixtures, redis_names = _shared_context()
    needless = [
        str(path.relative_to(TESTS))
        for path in _test_modules()
        if marked_redis(path) and not redis_facing(path, fixtures, redis_names)
    ]
    assert needless == [], "these never reach the test Redis: the Cluster pass need not run them"


def test_the_check_tells_redis_facing_files_from_the_others(tmp_path: Path) -> None:
    fixtures, redis_names = _shared_context()
    cases = {
        "by_fixture": "def test_a(redis_client): ...",
        "through_app_fixture": "def test_a(client): ...",  # client -> settings -> namespace
        "through_own_fixture": "import pytest\n@pytest.fixture\ndef app(rules_settings): ...\ndef test_a(app): ...",
        "by_url": "from tests.conftest import REDIS_URL\ndef test_a(): print(REDIS_URL)",
        "by_helper": "from tests.support.server import serve_process\ndef test_a(): serve_process",
        "pure": "def test_a(tmp_path): ...",
        "own_settings": "import pytest\n@pytest.fixture\ndef settings(): ...\ndef test_a(settings): ...",
    }
    found = {}
    for name, source in cases.items():
        (tmp_path / f"test_{name}.py").write_text(source)
        found[name] = redis_facing(tmp_path / f"test_{name}.py", fixtures, redis_names)
    assert [name for name, facing in found.items() if facing] == [
        "by_fixture", "through_app_fixture", "through_own_fixture", "by_url", "by_helper",
    ]  # fmt: skip
    (tmp_path / "test_marked.py").write_text("import pytest\npytestmark = [pytest.mark.slow, pytest.mark.redis]")
    (tmp_path / "test_unmarked.py").write_text("import pytest\npytestmark = pytest.mark.slow")
    assert marked_redis(tmp_path / "test_marked.py") and not marked_redis(tmp_path / "test_unmarked.py")


def test_tests_connect_through_client_from_url_so_a_cluster_url_works_too() -> None:
    # redis.Redis.from_url refuses `redis+cluster://`: a test built on it errors in the Cluster pass
    direct = []
    for path in [*_test_modules(), *_support_modules()]:
        for node in ast.walk(_parse(path)):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            if isinstance(called, ast.Attribute) and called.attr == "from_url":
                called = called.value
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in ("Redis", "StrictRedis", "RedisCluster"):
                direct.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert direct == [], "use moderation.storage.clients.client_from_url(REDIS_URL, ...)"

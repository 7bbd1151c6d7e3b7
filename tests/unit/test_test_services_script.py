"""scripts/test-services.sh on machines unlike CI's: it says what it needs before acting, and stops clearly.

The script runs with a PATH of stand-ins (dpkg-query, id, apt-get, redis-server, redis-cli) that record their
calls, so every branch runs here without root, without installing anything and without touching the real Redis.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test-services.sh"
#: The ordinary commands the script uses, linked into the stand-ins' PATH.
COMMANDS = ("bash", "cat", "grep", "seq", "sleep", "dirname", "mkdir")


def _stand_ins(
    tmp_path: Path, *, uid: int, debian: bool = True, apt: bool = True, installed: bool = False, redis: bool = True
) -> Path:
    """A bin folder where each stand-in appends its command line to `calls`; Redis answers once started."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    for name in COMMANDS:
        (bin_dir / name).symlink_to(shutil.which(name) or f"/bin/{name}")
    scripts = {"id": f'echo "$0 $*" >> {calls}; echo {uid}'}
    if debian:
        scripts["dpkg-query"] = "echo -n 'install ok installed'" if installed else "exit 1"
    if apt:
        scripts["apt-get"] = f'echo "$0 $*" >> {calls}'
    if redis:
        scripts["redis-server"] = f'echo "$0 $*" >> {calls}; : > {tmp_path}/started'
        scripts["redis-cli"] = f"test -e {tmp_path}/started"
    for name, body in scripts.items():
        (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _run(tmp_path: Path, bin_dir: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env = {"PATH": str(bin_dir), "TMPDIR": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(bin_dir / "bash"), str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    calls = (tmp_path / "calls").read_text().splitlines() if (tmp_path / "calls").exists() else []
    return result, [Path(line.split()[0]).name + " " + " ".join(line.split()[1:]) for line in calls]


def _header_first(result: subprocess.CompletedProcess[str]) -> None:
    first = result.stdout.splitlines()[:5]
    assert "needs root and apt-get (Debian or Ubuntu)" in " ".join(first)
    assert "install by hand: redis-server" in " ".join(first)


def test_without_root_it_names_the_missing_packages_and_installs_nothing(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, _stand_ins(tmp_path, uid=1000))

    assert result.returncode == 1
    _header_first(result)
    assert "installing needs root" in result.stderr and "redis-server" in result.stderr
    assert [c for c in calls if not c.startswith("id")] == [], "neither apt-get nor redis-server ran"


def test_without_apt_get_it_says_so_and_installs_nothing(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, _stand_ins(tmp_path, uid=0, apt=False))

    assert result.returncode == 1
    _header_first(result)
    assert "no apt-get" in result.stderr and "by hand" in result.stderr
    assert [c for c in calls if not c.startswith("id")] == []


def test_as_root_it_installs_redis_with_the_other_packages_before_starting_it(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, _stand_ins(tmp_path, uid=0))

    assert result.returncode == 0, result.stderr
    _header_first(result)
    commands = [c for c in calls if not c.startswith("id")]
    assert [c.split()[:2] for c in commands] == [
        ["apt-get", "update"],
        ["apt-get", "install"],
        ["redis-server", "--daemonize"],
    ]
    assert {"redis-server", "chromium", "wordpress", "nginx"} <= set(commands[1].split())


def test_with_everything_installed_it_needs_no_root_and_starts_redis_in_a_folder_it_may_write(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, _stand_ins(tmp_path, uid=1000, installed=True))

    assert result.returncode == 0, result.stderr
    [started] = [c for c in calls if c.startswith("redis-server")]
    assert f"--dir {tmp_path}/moderation-test-redis" in started
    assert "Redis answers on 127.0.0.1:6379" in result.stdout


def test_elsewhere_than_debian_it_needs_redis_installed_by_hand(tmp_path: Path) -> None:
    result, _ = _run(tmp_path, _stand_ins(tmp_path, uid=1000, debian=False, apt=False, redis=False))

    assert result.returncode == 1
    _header_first(result)
    assert "no redis-server" in result.stderr and "install by hand" in result.stderr

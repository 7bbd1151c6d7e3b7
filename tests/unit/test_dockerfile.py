"""The Dockerfile, read the way Docker reads it: what each image runs, as whom, and where it keeps the model.

Docker is not available here, so the file is parsed (stages, continued lines, exec forms) and its commands are
run or parsed by the same code the container would run: the CLI's own option parser for the server's command,
the healthcheck's script against a local HTTP server, the training CLI for the train image.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from moderation.cli import app as cli
from moderation.config import Settings

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


@dataclass
class Stage:
    """One `FROM ... AS name` stage: its base (an image or an earlier stage) and its instructions in order."""

    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def parse_dockerfile(text: str) -> list[Stage]:
    """The stages in file order; continued lines joined and comment lines dropped, as Docker does."""
    stages: list[Stage] = []
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue  # a comment (or blank) line, even inside a continued instruction
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    for line in logical:
        instruction, _, arguments = line.strip().partition(" ")
        instruction, arguments = instruction.upper(), " ".join(arguments.split())
        if instruction == "FROM":
            words = arguments.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=words[0]))
        else:
            stages[-1].instructions.append((instruction, arguments))
    return stages


STAGES = parse_dockerfile((REPO / "Dockerfile").read_text(encoding="utf-8"))


def chain(name: str) -> list[tuple[str, str]]:
    """A stage's instructions preceded by those of the stages it is built on."""
    stage = next(s for s in STAGES if s.name == name)
    inherited = chain(stage.base) if any(s.name == stage.base for s in STAGES) else []
    return inherited + stage.instructions


def last(instructions: list[tuple[str, str]], kind: str) -> str:
    """The arguments of the last instruction of a kind (the one in force)."""
    return [arguments for instruction, arguments in instructions if instruction == kind][-1]


def environment(instructions: list[tuple[str, str]]) -> dict[str, str]:
    """What `ENV A=1 B=2` lines set, later ones winning."""
    env: dict[str, str] = {}
    for instruction, arguments in instructions:
        if instruction == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(arguments))  # type: ignore[misc]
    return env


def project_installs(instructions: list[tuple[str, str]]) -> list[str]:
    """What `pip install` installs from the build folder (`.`, `.[extra]`), in RUN order (pip itself left out)."""
    targets = []
    for instruction, arguments in instructions:
        if instruction != "RUN":
            continue
        for command in arguments.split("&&"):
            words = shlex.split(command)
            if words[:2] == ["pip", "install"]:
                targets += [word for word in words[2:] if word == "." or word.startswith(".[")]
    return targets


def user(instructions: list[tuple[str, str]]) -> str:
    """The user the image's processes run as."""
    return last(instructions, "USER") if any(i == "USER" for i, _ in instructions) else "root"


def test_the_default_image_is_the_api_and_runs_as_a_user_it_creates_not_root() -> None:
    api = chain("api")
    assert STAGES[-1].name == "api", "`docker build .` builds the last stage: the server"
    assert user(api) not in ("root", "0")
    created = [shlex.split(arguments) for instruction, arguments in api if instruction == "RUN"]
    assert any(words[0] == "useradd" and words[-1] == user(api) for words in created)
    assert project_installs(api) == ["."], "the project itself, without the training extra"


def test_the_model_folder_is_where_the_service_looks_and_belongs_to_the_user_that_promotes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = chain("api")
    env = environment(api)
    for name in [name for name in os.environ if name.startswith("MODERATION_")]:
        monkeypatch.delenv(name)  # only what the image sets
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    workdir = PurePosixPath(last(api, "WORKDIR"))
    copies = [shlex.split(arguments) for instruction, arguments in api if instruction == "COPY"]
    [model_copy] = [words for words in copies if words[-2] == "model"]
    owner = next((word.removeprefix("--chown=") for word in model_copy if word.startswith("--chown=")), "root")

    assert str(settings.model_dir) == str(workdir / model_copy[-1]) == env["MODERATION_MODEL_DIR"]
    assert str(settings.data_dir) == env["MODERATION_DATA_DIR"]
    assert owner.split(":")[0] == user(api) == user(chain("train")), "promote writes CURRENT as this user"


def server_options() -> dict[str, Any]:
    """The options the default image's command gives `moderation serve`, read by the CLI's own parser."""
    command = json.loads(last(chain("api"), "CMD"))
    assert PYPROJECT["project"]["scripts"][command[0]] == "moderation.cli:app"
    serve = typer.main.get_command(cli).commands[command[1]]  # type: ignore[attr-defined]
    return dict(serve.make_context(command[1], command[2:]).params)  # an unknown option fails here


def test_the_server_command_is_valid_and_listens_on_every_interface_at_the_exposed_port() -> None:
    options = server_options()

    assert options["host"] == "0.0.0.0", "reachable from outside the container"
    assert str(options["port"]) == last(chain("api"), "EXPOSE")


@pytest.fixture
def readyz() -> Iterator[dict[str, Any]]:
    """A local server answering /readyz with `state["status"]` (404 elsewhere); its port in `state["port"]`."""
    state: dict[str, Any] = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(state["status"] if self.path == "/readyz" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["port"] = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_the_healthcheck_passes_only_while_the_served_port_answers_readyz_200(readyz: dict[str, Any]) -> None:
    api = chain("api")
    options, _, check = last(api, "HEALTHCHECK").partition("CMD ")
    assert "--interval=" in options
    served = f"127.0.0.1:{server_options()['port']}"
    command = json.loads(check)
    assert command[0] == "python" and served in " ".join(command), "it probes the port the server listens on"
    local = [sys.executable, *(part.replace(served, f"127.0.0.1:{readyz['port']}") for part in command[1:])]

    healthy = subprocess.run(local, capture_output=True, timeout=30, check=False)
    readyz["status"] = 503  # e.g. Redis down or no model loaded
    unhealthy = subprocess.run(local, capture_output=True, timeout=30, check=False)

    assert healthy.returncode == 0, healthy.stderr
    assert unhealthy.returncode != 0


def test_the_train_image_runs_the_training_cli_with_the_training_extra() -> None:
    from training.__main__ import app as training_cli

    train = chain("train")
    entrypoint, default = json.loads(last(train, "ENTRYPOINT")), json.loads(last(train, "CMD"))
    assert entrypoint == ["python", "-m", "training"]
    assert project_installs(train) == [".", ".[train]"]
    assert any(r.startswith("scikit-learn") for r in PYPROJECT["project"]["optional-dependencies"]["train"])

    shown = CliRunner().invoke(training_cli, default)  # `docker compose run --rm train` with no arguments

    assert shown.exit_code == 0, shown.output
    assert "promote" in shown.output and "rollback" in shown.output

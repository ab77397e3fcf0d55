"""The Dockerfile, which this machine cannot build, checked for what it runs."""

import importlib
import json
import re
from pathlib import Path

import pytest

from sessionmanager.cli import build_parser, config_from_args

DOCKERFILE = Path(__file__).resolve().parent.parent / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continued lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    pairs = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def last(name: str) -> str:
    return [rest for word, rest in instructions() if word == name][-1]


def test_slim_base_and_a_user_that_is_not_root() -> None:
    bases = [rest for word, rest in instructions() if word == "FROM"]
    assert all(base.startswith("python:3.11-slim") for base in bases)
    user = last("USER").split(":")[0]
    assert user not in ("root", "0")


def test_the_command_is_what_make_run_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    entrypoint = json.loads(last("ENTRYPOINT"))
    command = json.loads(last("CMD"))
    assert entrypoint == ["sessionmanager"]
    args = build_parser().parse_args(command)
    assert args.command == "serve"
    assert args.listen == "0.0.0.0:50051"
    # The flags make a valid configuration (non-loopback needs --insecure).
    monkeypatch.setenv("SESSIONMANAGER_SECRET_KEY", "dockerfile-test-secret")
    config = config_from_args(args)
    assert config.insecure


def test_the_health_check_probes_grpc_health() -> None:
    healthcheck = last("HEALTHCHECK")
    command = json.loads(healthcheck.split("CMD", 1)[1].strip())
    assert command[:2] == ["python", "-m"]
    module = importlib.import_module(command[2])
    assert callable(module.main)
    assert "50051" in last("ENV")

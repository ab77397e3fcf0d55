"""The Go, TypeScript, Java and Rust clients, built and run against a live server.

Each language's example agent is built with that language's own tool, then
run against one server process: it creates a session, mints a token,
validates it for its function and for another one, and sets and reads back
metadata, printing the results as JSON. Tokens minted through one language's
client must validate through every other's.

A missing toolchain skips its language with what to install; under CI
(CI=true) it fails instead.
"""

import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sessionmanager_client import SessionManagerClient
from tests.certs import Authority
from tests.conftest import ServerProcess, require_tool, start_server

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "sk_polyglot_0123456789abcdef"
BUILD_TIMEOUT_SECS = 900
RUN_TIMEOUT_SECS = 120


@dataclass(frozen=True)
class Language:
    """How to build and run one language's example agent."""

    name: str
    directory: str
    tools: dict[str, str]
    build: tuple[tuple[str, ...], ...]
    run: tuple[str, ...]
    unit_tests: tuple[str, ...]
    """The client's own unit tests; empty where the build already runs them."""


LANGUAGES = {
    language.name: language
    for language in (
        Language(
            name="go",
            directory="client/go",
            tools={"go": "Go 1.26 or newer (grpc-go 1.85 needs it)"},
            build=(("go", "build", "-o", "bin/example-agent", "./cmd/example-agent"),),
            run=("bin/example-agent",),
            unit_tests=("go", "test", "./..."),
        ),
        Language(
            name="typescript",
            directory="client/ts",
            tools={
                "node": "Node.js 20 or newer (Debian package nodejs)",
                "npm": "npm (Debian package npm)",
            },
            build=(
                ("npm", "ci", "--no-audit", "--no-fund"),
                ("npm", "run", "build"),
            ),
            run=("node", "dist/example-agent.js"),
            unit_tests=("npm", "test"),
        ),
        Language(
            name="java",
            directory="client/java",
            tools={
                "java": "a Java 17 JDK (Debian package openjdk-17-jdk)",
                "mvn": "Maven (Debian package maven)",
            },
            build=(("mvn", "-q", "-B", "package"),),
            run=("java", "-jar", "target/example-agent.jar"),
            unit_tests=(),  # mvn package runs them, and fails with them
        ),
        Language(
            name="rust",
            directory="client/rust",
            tools={"cargo": "the Rust toolchain (rustup, or Debian package cargo)"},
            build=(("cargo", "build", "--locked", "--bin", "example-agent"),),
            run=("target/debug/example-agent",),
            unit_tests=("cargo", "test", "--locked"),
        ),
    )
}

_built: dict[str, tuple[str, ...]] = {}


def example_agent(name: str) -> tuple[str, ...]:
    """Build the language's example agent once; the command that runs it."""
    if name in _built:
        return _built[name]
    language = LANGUAGES[name]
    for tool, hint in language.tools.items():
        require_tool(tool, f"install {hint} to test the {name} client")

    directory = ROOT / language.directory
    for command in language.build:
        run_in(name, command)
    program = (str(directory / language.run[0]), *language.run[1:])
    if language.run[0] in language.tools:
        program = language.run
    _built[name] = program
    return program


def run_in(name: str, command: tuple[str, ...]) -> None:
    completed = subprocess.run(
        command,
        cwd=ROOT / LANGUAGES[name].directory,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECS,
    )
    if completed.returncode != 0:
        pytest.fail(
            f"{name}: {' '.join(command)} failed:\n"
            f"{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
        )


def run_agent(
    name: str, *args: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    completed = subprocess.run(
        [*example_agent(name), *args],
        cwd=ROOT / LANGUAGES[name].directory,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECS,
        env=None if env is None else {**os.environ, **env},
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.strip().splitlines()
    assert len(lines) == 1, completed.stdout
    result: dict[str, Any] = json.loads(lines[0])
    return result


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_example_agent_calls_every_rpc_it_uses(
    server: ServerProcess, name: str
) -> None:
    started = time.time()
    output = run_agent(name, server.address)

    call_id = output["call_id"]
    assert isinstance(call_id, str) and len(call_id) == 36
    assert output["language"] == name
    assert output["function"] == "get_weather"
    assert started + 900 - 5 <= output["expire_time_unix"] <= time.time() + 900 + 5
    assert output["validate_same"] == {
        "valid": True,
        "reason": "VALIDATION_REASON_VALID",
    }
    assert output["validate_other"] == {
        "function": "transfer_funds",
        "valid": False,
        "reason": "VALIDATION_REASON_FUNCTION_MISMATCH",
    }
    expected_metadata = {"language": name, "step": 2, "tags": ["a", "b"]}
    assert output["metadata"] == expected_metadata

    # What the agent reported is what the server holds.
    with SessionManagerClient(server.address) as client:
        assert client.validate_token(call_id, "get_weather", output["token"])
        assert client.get_session_metadata(call_id) == expected_metadata


def ring() -> list[tuple[str, str]]:
    names = list(LANGUAGES)
    return [(names[i], names[(i + 1) % len(names)]) for i in range(len(names))]


@pytest.mark.parametrize(("minter", "validator"), ring())
def test_token_minted_in_one_language_validates_in_another(
    server: ServerProcess, minter: str, validator: str
) -> None:
    call_id = f"cross-{minter}-{validator}"
    token = run_agent(minter, server.address, "mint", call_id, "lookup_order")["token"]

    valid = run_agent(
        validator, server.address, "validate", call_id, "lookup_order", token
    )
    assert valid == {"valid": True, "reason": "VALIDATION_REASON_VALID"}
    other_call = run_agent(
        validator, server.address, "validate", call_id + "-x", "lookup_order", token
    )
    assert other_call == {
        "valid": False,
        "reason": "VALIDATION_REASON_CALL_ID_MISMATCH",
    }


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_python_minted_tokens_validate_in_every_language(
    server: ServerProcess, name: str
) -> None:
    with SessionManagerClient(server.address) as client:
        token = client.generate_token("get_time", "from-python")
    output = run_agent(
        name, server.address, "validate", "from-python", "get_time", token
    )
    assert output == {"valid": True, "reason": "VALIDATION_REASON_VALID"}
    garbage = run_agent(
        name, server.address, "validate", "from-python", "get_time", "x"
    )
    assert garbage == {"valid": False, "reason": "VALIDATION_REASON_MALFORMED"}


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_errors_exit_with_code_2(name: str) -> None:
    example_agent(name)
    completed = subprocess.run(
        [*example_agent(name), "127.0.0.1:1"],
        cwd=ROOT / LANGUAGES[name].directory,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECS,
    )
    assert completed.returncode == 2
    assert completed.stderr.strip()
    assert completed.stdout.strip() == ""


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_client_unit_tests_pass(name: str) -> None:
    example_agent(name)
    if LANGUAGES[name].unit_tests:
        run_in(name, LANGUAGES[name].unit_tests)


@dataclass(frozen=True)
class SecuredServer:
    """A server that wants mutual TLS and an API key, and what agents need."""

    address: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredServer]:
    directory = tmp_path_factory.mktemp("secured")
    authority = Authority(directory, "ca")
    server_pair, client_pair = authority.server("server"), authority.client("agent")
    keys = directory / "keys"
    keys.write_text(f"agent issue,validate,metadata {API_KEY}\n")
    running = start_server(
        directory,
        "--tls-cert",
        str(server_pair.cert),
        "--tls-key",
        str(server_pair.key),
        "--tls-client-ca",
        str(authority.cert_file),
        "--api-keys-file",
        str(keys),
    )
    env = {
        "SESSIONMANAGER_API_KEY": API_KEY,
        "SESSIONMANAGER_TLS_CA_FILE": str(authority.cert_file),
        "SESSIONMANAGER_TLS_CERT_FILE": str(client_pair.cert),
        "SESSIONMANAGER_TLS_KEY_FILE": str(client_pair.key),
    }
    yield SecuredServer("localhost:" + running.address.rsplit(":", 1)[1], env)
    assert running.stop() == 0, running.log()


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_example_agent_with_api_key_and_mutual_tls(
    secured: SecuredServer, name: str
) -> None:
    output = run_agent(name, secured.address, env=secured.env)
    assert output["validate_same"]["valid"] is True
    assert output["metadata"]["language"] == name

    for broken in (
        {**secured.env, "SESSIONMANAGER_API_KEY": "sk_wrong_0123456789abcdef"},
        {
            k: v
            for k, v in secured.env.items()
            if "TLS_CERT" not in k and "TLS_KEY" not in k
        },
    ):
        completed = subprocess.run(
            [*example_agent(name), secured.address, "mint", "c", "fn"],
            cwd=ROOT / LANGUAGES[name].directory,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECS,
            env={
                **{
                    k: v
                    for k, v in os.environ.items()
                    if not k.startswith("SESSIONMANAGER_")
                },
                **broken,
            },
        )
        assert completed.returncode == 2, completed.stdout
        assert completed.stderr.strip()

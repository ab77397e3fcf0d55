"""The ``sessionmanager`` client subcommands, run as real processes against live
servers: printed JSON, exit codes, error lines, and API keys kept out of output."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.certs import Authority
from tests.conftest import ServerProcess, free_port, start_server

API_KEY = "sk_cli_all_scopes_0123456789abcdef"
WRONG_KEY = "sk_cli_wrong_key_0123456789abcdef"


@dataclass
class Run:
    """One finished command: exit code, the raw streams, stdout as JSON."""

    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.stdout)
        return value


def cli(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m sessionmanager ARGS`` with no SESSIONMANAGER_ variables
    but those in ``env``."""
    child_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SESSIONMANAGER_")
    }
    child_env.update(env or {})
    completed = subprocess.run(
        [sys.executable, "-m", "sessionmanager", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=child_env,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def on(server: ServerProcess, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run a client command against ``server``."""
    return cli(*args, "--server", server.address, env=env)


def assert_error(run: Run, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one error line naming every fragment."""
    assert run.code == 2, run
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("sessionmanager: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def generate(server: ServerProcess, call_id: str, function: str) -> str:
    run = on(server, "token", "generate", "--call-id", call_id, "--function", function)
    assert run.code == 0, run
    token: str = run.json["token"]
    return token


def validate(server: ServerProcess, call_id: str, function: str, token: str) -> Run:
    return on(
        server,
        "token",
        "validate",
        "--call-id",
        call_id,
        "--function",
        function,
        "--token",
        token,
    )


def get_metadata(server: ServerProcess, session_id: str) -> dict[str, Any]:
    run = on(server, "metadata", "get", "--session-id", session_id)
    assert run.code == 0, run
    assert run.json["session_id"] == session_id
    metadata: dict[str, Any] = run.json["metadata"]
    return metadata


def set_metadata(server: ServerProcess, session_id: str, text: str) -> Run:
    return on(server, "metadata", "set", "--session-id", session_id, "--json", text)


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server without --debug."""
    running = start_server(tmp_path_factory.mktemp("plain"))
    yield running
    assert running.stop() == 0, running.log()


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server that requires an API key."""
    directory = tmp_path_factory.mktemp("keyed")
    keys = directory / "keys"
    keys.write_text(f"cli issue,validate,metadata,admin {API_KEY}\n")
    running = start_server(directory, "--api-keys-file", str(keys))
    yield running
    assert running.stop() == 0, running.log()


def test_generate_then_validate(server: ServerProcess) -> None:
    run = on(server, "token", "generate", "--call-id", "c-1", "--function", "lookup")
    assert run.code == 0, run
    assert set(run.json) == {"token", "expire_time"}
    expires = datetime.fromisoformat(run.json["expire_time"])
    assert expires.utcoffset() == timedelta(0)
    left = (expires - datetime.now(UTC)).total_seconds()
    assert 800 < left <= 900

    checked = validate(server, "c-1", "lookup", run.json["token"])
    assert checked.code == 0, checked
    assert checked.json == {"valid": True, "reason": "VALID"}


def test_validate_with_another_function_exits_1(server: ServerProcess) -> None:
    token = generate(server, "c-2", "lookup")
    run = validate(server, "c-2", "transfer", token)
    assert run.code == 1, run
    assert run.json == {"valid": False, "reason": "FUNCTION_MISMATCH"}
    assert run.stderr == ""


def test_validate_malformed_token_exits_1(server: ServerProcess) -> None:
    run = validate(server, "c-3", "lookup", "not-a-token")
    assert run.code == 1, run
    assert run.json == {"valid": False, "reason": "MALFORMED"}


def test_debug_decodes_a_token(server: ServerProcess) -> None:
    issued = on(server, "token", "generate", "--call-id", "c-4", "--function", "fn")
    run = on(server, "token", "debug", "--token", issued.json["token"])
    assert run.code == 0, run
    info = run.json
    assert info["valid_format"] is True
    assert info["call_id"] == "c-4"
    assert info["function_name"] == "fn"
    assert info["expired"] is False
    assert info["signature_valid"] is True
    assert info["expiry_date"] == issued.json["expire_time"]
    assert isinstance(info["expiry"], int)
    assert len(info["nonce"]) == 16

    garbage = on(server, "token", "debug", "--token", "garbage")
    assert garbage.code == 0, garbage
    assert garbage.json["valid_format"] is False
    assert garbage.json["error"]


def test_debug_needs_a_debug_server(plain_server: ServerProcess) -> None:
    token = generate(plain_server, "c-5", "fn")
    run = on(plain_server, "token", "debug", "--token", token)
    assert_error(run, "FAILED_PRECONDITION", "--debug", plain_server.address)
    assert token not in run.stderr


def test_session_create(server: ServerProcess) -> None:
    run = on(server, "session", "create", "--call-id", "chosen-id")
    assert run.code == 0, run
    assert run.json == {"call_id": "chosen-id"}

    first = on(server, "session", "create")
    second = on(server, "session", "create")
    assert first.code == second.code == 0
    assert set(first.json) == {"call_id"}
    assert len(first.json["call_id"]) >= 16
    assert first.json["call_id"] != second.json["call_id"]


def test_revoked_session_tokens_do_not_validate(server: ServerProcess) -> None:
    token = generate(server, "c-6", "fn")
    assert validate(server, "c-6", "fn", token).code == 0

    run = on(server, "session", "revoke", "--call-id", "c-6")
    assert run.code == 0, run
    assert set(run.json) == {"revoked_until"}
    until = datetime.fromisoformat(run.json["revoked_until"])
    assert until > datetime.now(UTC)

    checked = validate(server, "c-6", "fn", token)
    assert checked.code == 1, checked
    assert checked.json == {"valid": False, "reason": "REVOKED"}


def test_metadata_round_trip(server: ServerProcess) -> None:
    assert get_metadata(server, "s-1") == {}
    first = set_metadata(server, "s-1", '{"user": "alice", "turns": 1}')
    assert first.code == 0, first
    assert first.json == {
        "session_id": "s-1",
        "metadata": {"user": "alice", "turns": 1},
    }
    merged = set_metadata(server, "s-1", '{"turns": 2, "tags": ["a", {"b": null}]}')
    assert merged.code == 0, merged
    expected = {"user": "alice", "turns": 2, "tags": ["a", {"b": None}]}
    assert merged.json["metadata"] == expected
    assert get_metadata(server, "s-1") == expected

    deleted = on(server, "metadata", "delete", "--session-id", "s-1")
    assert deleted.code == 0, deleted
    assert deleted.json == {"deleted": True}
    again = on(server, "metadata", "delete", "--session-id", "s-1")
    assert again.code == 0, again
    assert again.json == {"deleted": False}
    assert get_metadata(server, "s-1") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must be a JSON object, not an array"),
        ('"text"', "must be a JSON object, not a string"),
        ("null", "must be a JSON object, not null"),
        ('{"x": NaN}', "NaN"),
    ],
)
def test_metadata_set_refuses_anything_but_an_object(
    server: ServerProcess, tmp_path: Path, text: str, message: str
) -> None:
    session_id = tmp_path.name
    assert set_metadata(server, session_id, '{"kept": true}').code == 0

    run = set_metadata(server, session_id, text)
    assert run.code == 2, run
    assert run.stdout == ""
    assert "--json" in run.stderr
    assert message in run.stderr
    assert get_metadata(server, session_id) == {"kept": True}


def test_invalid_call_id_names_the_field(server: ServerProcess) -> None:
    run = on(server, "token", "generate", "--call-id", "", "--function", "fn")
    assert_error(run, "INVALID_ARGUMENT", "[fields: call_id]", server.address)


def test_invalid_function_name_names_the_field(server: ServerProcess) -> None:
    run = on(server, "token", "generate", "--call-id", "c", "--function", "no spaces")
    assert_error(run, "INVALID_ARGUMENT", "function_name")


def test_cleanup(tmp_path: Path) -> None:
    running = start_server(tmp_path)
    try:
        run = on(running, "cleanup")
        assert run.code == 0, run
        assert set(run.json) == {"removed"}
        assert type(run.json["removed"]) is int

        assert set_metadata(running, "old", '{"a": 1}').code == 0
        assert get_metadata(running, "old") == {"a": 1}
        swept = on(running, "cleanup", "--max-age-secs", "0")
        assert swept.code == 0, swept
        assert swept.json["removed"] >= 1
        assert get_metadata(running, "old") == {}
    finally:
        assert running.stop() == 0, running.log()


def test_cleanup_refuses_a_negative_age(server: ServerProcess) -> None:
    run = on(server, "cleanup", "--max-age-secs", "-1")
    assert run.code == 2
    assert run.stdout == ""
    assert "--max-age-secs" in run.stderr


def test_unreachable_server_exits_2() -> None:
    address = f"127.0.0.1:{free_port()}"
    run = cli("session", "create", "--server", address, "--timeout", "3")
    assert_error(run, address, "UNAVAILABLE")


def test_server_from_the_environment(server: ServerProcess) -> None:
    run = cli(
        "session",
        "create",
        "--call-id",
        "env-server",
        env={"SESSIONMANAGER_SERVER": server.address},
    )
    assert run.code == 0, run
    assert run.json == {"call_id": "env-server"}


@pytest.mark.parametrize("group", ["token", "session", "metadata"])
def test_a_group_without_an_action_prints_usage(group: str) -> None:
    run = cli(group)
    assert run.code == 2
    assert run.stdout == ""
    assert "usage: sessionmanager " + group in run.stderr


def test_tls_cert_without_key_exits_2(server: ServerProcess, tmp_path: Path) -> None:
    cert = tmp_path / "client.crt"
    cert.write_text("unused")
    run = on(server, "session", "create", "--tls-cert", str(cert))
    assert_error(run, "--tls-cert and --tls-key go together")


def test_api_key_from_the_environment(keyed_server: ServerProcess) -> None:
    run = on(
        keyed_server,
        "session",
        "create",
        "--call-id",
        "keyed",
        env={"SESSIONMANAGER_API_KEY": API_KEY},
    )
    assert run.code == 0, run
    assert run.json == {"call_id": "keyed"}
    assert API_KEY not in run.stdout + run.stderr


def test_api_key_from_option_and_file(
    keyed_server: ServerProcess, tmp_path: Path
) -> None:
    token = generate_with_key(keyed_server, API_KEY)
    run = validate_with_key(keyed_server, token, "--api-key", API_KEY)
    assert run.code == 0, run
    assert run.json == {"valid": True, "reason": "VALID"}
    assert API_KEY not in run.stdout + run.stderr

    key_file = tmp_path / "key"
    key_file.write_text(API_KEY + "\n")
    from_file = validate_with_key(keyed_server, token, "--api-key-file", str(key_file))
    assert from_file.code == 0, from_file
    assert from_file.json["valid"] is True


def test_wrong_or_missing_api_key_exits_2(keyed_server: ServerProcess) -> None:
    wrong = on(keyed_server, "cleanup", "--api-key", WRONG_KEY)
    assert_error(wrong, "UNAUTHENTICATED")
    assert WRONG_KEY not in wrong.stderr

    from_env = on(keyed_server, "cleanup", env={"SESSIONMANAGER_API_KEY": WRONG_KEY})
    assert_error(from_env, "UNAUTHENTICATED")
    assert WRONG_KEY not in from_env.stderr

    missing = on(keyed_server, "cleanup")
    assert_error(missing, "UNAUTHENTICATED")


def test_api_key_option_and_file_together_exit_2(
    keyed_server: ServerProcess, tmp_path: Path
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(API_KEY)
    run = on(
        keyed_server,
        "cleanup",
        "--api-key",
        API_KEY,
        "--api-key-file",
        str(key_file),
    )
    assert_error(run, "not both")
    assert API_KEY not in run.stderr


def generate_with_key(server: ServerProcess, key: str) -> str:
    run = on(
        server,
        "token",
        "generate",
        "--call-id",
        "keyed-call",
        "--function",
        "fn",
        env={"SESSIONMANAGER_API_KEY": key},
    )
    assert run.code == 0, run
    assert key not in run.stdout + run.stderr
    token: str = run.json["token"]
    return token


def validate_with_key(server: ServerProcess, token: str, *key_args: str) -> Run:
    return on(
        server,
        "token",
        "validate",
        "--call-id",
        "keyed-call",
        "--function",
        "fn",
        "--token",
        token,
        *key_args,
    )


def test_mutual_tls(tmp_path: Path) -> None:
    authority = Authority(tmp_path, "ca")
    server_pair = authority.server("server")
    client_pair = authority.client("agent")
    running = start_server(
        tmp_path,
        "--tls-cert",
        str(server_pair.cert),
        "--tls-key",
        str(server_pair.key),
        "--tls-client-ca",
        str(authority.cert_file),
    )
    tls = [
        "--tls-ca",
        str(authority.cert_file),
        "--tls-cert",
        str(client_pair.cert),
        "--tls-key",
        str(client_pair.key),
    ]
    try:
        run = on(running, "session", "create", "--call-id", "mtls", *tls)
        assert run.code == 0, run
        assert run.json == {"call_id": "mtls"}

        named = on(
            running,
            "session",
            "create",
            "--call-id",
            "named",
            *tls,
            "--tls-server-name",
            "localhost",
        )
        assert named.code == 0, named
        assert named.json == {"call_id": "named"}

        # The override is what the certificate is checked against.
        misnamed = on(
            running,
            "session",
            "create",
            *tls,
            "--tls-server-name",
            "elsewhere.example",
            "--timeout",
            "3",
        )
        assert misnamed.code == 2
        assert misnamed.stdout == ""
        assert "UNAVAILABLE" in misnamed.stderr

        no_client_cert = on(
            running,
            "session",
            "create",
            "--tls-ca",
            str(authority.cert_file),
            "--timeout",
            "3",
        )
        assert no_client_cert.code == 2
        assert no_client_cert.stdout == ""

        plaintext = on(running, "session", "create", "--timeout", "3")
        assert plaintext.code == 2
        assert running.address in plaintext.stderr
    finally:
        assert running.stop() == 0, running.log()

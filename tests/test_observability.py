"""Metrics and logs of a running server: exact counters, parseable JSON lines,
request ids, and no secret or whole token in any line."""

import json
import urllib.request
from pathlib import Path

import grpc
import pytest
from prometheus_client.parser import text_string_to_metric_families

from sessionmanager.logs import REQUEST_ID_HEADER
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import (
    InvalidArgumentError,
    SessionManagerClient,
    UnauthenticatedError,
)
from tests.conftest import TEST_SECRET, RedisServer, free_port, start_server

SERVICE = "sessionmanager.v1.SessionManagerService"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(port: int) -> Samples:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def handled(samples: Samples, method: str, code: str) -> float:
    return value(
        samples,
        "grpc_server_handled_total",
        grpc_type="unary",
        grpc_service=SERVICE,
        grpc_method=method,
        grpc_code=code,
    )


def test_counters_after_a_known_sequence_of_calls(tmp_path: Path) -> None:
    metrics_port = free_port()
    server = start_server(tmp_path, "--metrics-listen", f"127.0.0.1:{metrics_port}")
    try:
        with SessionManagerClient(server.address) as client:
            token = client.generate_token("get_weather", "call-1")
            client.generate_token("get_weather", "call-2")
            assert client.validate_token("call-1", "get_weather", token)
            assert not client.validate_token("call-1", "other_function", token)
            results = client.validate_tokens(
                [
                    ("call-1", "get_weather", token),
                    ("call-1", "get_weather", "not-a-token"),
                    ("call-2", "get_weather", "x"),
                ]
            )
            assert [r.valid for r in results] == [True, False, False]
            client.set_session_metadata("call-1", {"step": 1})
            with pytest.raises(InvalidArgumentError):
                client.set_session_metadata("", {"step": 1})
            assert client.get_session_metadata("call-1") == {"step": 1}
        samples = scrape(metrics_port)
    finally:
        assert server.stop() == 0, server.log()

    assert handled(samples, "GenerateToken", "OK") == 2
    assert handled(samples, "ValidateToken", "OK") == 2
    assert handled(samples, "ValidateTokens", "OK") == 1
    assert handled(samples, "SetSessionMetadata", "OK") == 1
    assert handled(samples, "SetSessionMetadata", "INVALID_ARGUMENT") == 1
    assert handled(samples, "GetSessionMetadata", "OK") == 1
    started = {
        method: value(
            samples,
            "grpc_server_started_total",
            grpc_type="unary",
            grpc_service=SERVICE,
            grpc_method=method,
        )
        for method in ("GenerateToken", "ValidateToken", "SetSessionMetadata")
    }
    assert started == {"GenerateToken": 2, "ValidateToken": 2, "SetSessionMetadata": 2}
    latency_count = value(
        samples,
        "grpc_server_handling_seconds_count",
        grpc_type="unary",
        grpc_service=SERVICE,
        grpc_method="ValidateToken",
    )
    assert latency_count == 2

    validations = {
        (outcome, reason): value(
            samples, "sessionmanager_validations_total", outcome=outcome, reason=reason
        )
        for outcome, reason in [
            ("valid", "VALID"),
            ("invalid", "FUNCTION_MISMATCH"),
            ("invalid", "MALFORMED"),
            ("invalid", "EXPIRED"),
        ]
    }
    assert validations == {
        ("valid", "VALID"): 2,
        ("invalid", "FUNCTION_MISMATCH"): 1,
        ("invalid", "MALFORMED"): 2,
        ("invalid", "EXPIRED"): 0,
    }

    def store_ops(operation: str, result: str = "ok") -> float:
        return value(
            samples,
            "sessionmanager_store_operations_total",
            store="memory",
            operation=operation,
            result=result,
        )

    # Only tokens passing every stateless check reach the store.
    assert store_ops("admit") == 1
    assert store_ops("admit_many") == 1
    assert store_ops("merge") == 1  # the refused call never reached the store
    assert store_ops("get") == 1
    assert store_ops("ping") >= 1
    assert value(samples, "sessionmanager_sessions") == 1
    assert value(samples, "process_resident_memory_bytes") > 0


def test_store_errors_are_counted(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis")
    (tmp_path / "redis").mkdir()
    redis.start()
    metrics_port = free_port()
    server = start_server(
        tmp_path,
        "--store",
        redis.url(),
        "--metrics-listen",
        f"127.0.0.1:{metrics_port}",
    )
    try:
        with SessionManagerClient(server.address) as client:
            client.set_session_metadata("call-1", {"a": 1})
            redis.stop()
            with pytest.raises(Exception, match="UNAVAILABLE"):
                client.set_session_metadata("call-1", {"a": 2})
        samples = scrape(metrics_port)
    finally:
        redis.stop()
        assert server.stop() == 0, server.log()

    def merges(result: str) -> float:
        return value(
            samples,
            "sessionmanager_store_operations_total",
            store="redis",
            operation="merge",
            result=result,
        )

    assert (merges("ok"), merges("error")) == (1, 1)
    assert handled(samples, "SetSessionMetadata", "UNAVAILABLE") == 1
    # Redis is down when scraped: the gauge says it does not know.
    assert value(samples, "sessionmanager_sessions") != value(
        samples, "sessionmanager_sessions"
    )


def test_unauthenticated_calls_are_counted(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("agent issue,validate,metadata k-0123456789abcdef0123456789\n")
    metrics_port = free_port()
    server = start_server(
        tmp_path,
        "--api-keys-file",
        str(keys),
        "--metrics-listen",
        f"127.0.0.1:{metrics_port}",
    )
    try:
        with (
            SessionManagerClient(server.address) as client,
            pytest.raises(UnauthenticatedError),
        ):
            client.generate_token("fn", "call-1")
        samples = scrape(metrics_port)
    finally:
        assert server.stop() == 0, server.log()
    assert handled(samples, "GenerateToken", "UNAUTHENTICATED") == 1


def test_metrics_are_off_unless_asked_for(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        assert "metrics on" not in server.log()
    finally:
        assert server.stop() == 0


def test_json_log_lines_carry_the_call_and_no_secret_or_token(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--log-format", "json", "--log-level", "debug")
    try:
        with SessionManagerClient(server.address) as client:
            token = client.generate_token("get_weather", "call-1")
            client.revoke_session("call-1")
            with pytest.raises(InvalidArgumentError):
                client.set_session_metadata("call-1", {"": 1})
        with grpc.insecure_channel(server.address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                stub.ValidateToken(
                    pb.ValidateTokenRequest(
                        call_id="call-1", function_name="bad name", token=token
                    ),
                    metadata=((REQUEST_ID_HEADER, "req-42"),),
                    timeout=5,
                )
        error = caught.value
        assert isinstance(error, grpc.Call)
        trailing = {key: val for key, val in error.trailing_metadata() or ()}
    finally:
        assert server.stop() == 0
    log = server.log()

    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert lines, log
    for line in lines:
        assert {"time", "level", "logger", "message", "pid"} <= line.keys()
    about_calls = [line for line in lines if "rpc" in line]
    by_rpc = {line["rpc"]: line for line in about_calls}
    assert by_rpc["RevokeSession"]["request_id"]
    assert by_rpc["SetSessionMetadata"]["level"] == "DEBUG"
    assert by_rpc["ValidateToken"]["request_id"] == "req-42"
    # The caller gets the request id back with the error, to quote.
    assert trailing[REQUEST_ID_HEADER] == "req-42"
    assert TEST_SECRET not in log
    assert token not in log
    assert token[:20] not in log


def test_text_log_lines_name_the_call(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--log-level", "debug")
    try:
        with SessionManagerClient(server.address) as client:
            client.revoke_session("call-1")
    finally:
        assert server.stop() == 0
    line = next(
        line for line in server.log().splitlines() if "revoked the tokens" in line
    )
    assert "sessionmanager.service: [RevokeSession " in line
    assert TEST_SECRET not in server.log()

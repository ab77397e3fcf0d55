"""Every RPC through the Python clients against a real server process."""

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import (
    AsyncSessionManagerClient,
    FailedPreconditionError,
    InvalidArgumentError,
    SessionManagerClient,
    SessionManagerClientError,
    UnavailableError,
    Validation,
)
from sessionmanager_client.errors import DeadlineExceededError
from tests.conftest import ServerProcess, free_port, start_server


@pytest.fixture
def client(server: ServerProcess) -> Iterator[SessionManagerClient]:
    with SessionManagerClient(server.address) as client:
        yield client


def test_create_session(client: SessionManagerClient) -> None:
    assert client.create_session("call-1") == "call-1"
    generated = client.create_session()
    assert len(generated) == 36 and generated != client.create_session()


def test_generate_and_validate(client: SessionManagerClient) -> None:
    token = client.generate_token("get_weather", "call-1")
    assert client.validate_token("call-1", "get_weather", token) is True
    assert client.validate_tool_token("get_weather", token, "call-1") is True
    assert client.check_token("call-1", "get_weather", token) == Validation(
        True, "valid"
    )
    assert client.check_token("call-1", "get_time", token) == Validation(
        False, "function_mismatch"
    )
    assert client.check_token("call-2", "get_weather", token) == Validation(
        False, "call_id_mismatch"
    )
    assert client.validate_tool_token("get_time", token, "call-1") is False


def test_create_tool_token_is_an_alias(client: SessionManagerClient) -> None:
    token = client.create_tool_token("lookup_order", "root.2")
    assert client.validate_token("root.2", "lookup_order", token)


def test_garbage_tokens_are_answers_not_errors(client: SessionManagerClient) -> None:
    for garbage in ("", "not a token", "%%%", "QUFBQQ", "A" * 2048):
        assert client.check_token("c", "fn", garbage) == Validation(False, "malformed")
    token = client.generate_token("fn", "c")
    assert client.check_token("", "fn", token) == Validation(False, "missing_call_id")


def test_validate_tokens_answers_in_order(client: SessionManagerClient) -> None:
    good = client.generate_token("fn", "c1")
    other = client.generate_token("fn", "c2")
    checks = [
        ("c1", "fn", good),
        ("c1", "fn", other),
        ("c1", "fn", "x"),
        ("c2", "fn", other),
    ]
    assert client.validate_tokens(checks) == [
        Validation(True, "valid"),
        Validation(False, "call_id_mismatch"),
        Validation(False, "malformed"),
        Validation(True, "valid"),
    ]
    assert client.validate_tokens([]) == []


def test_validate_tokens_bounds(client: SessionManagerClient) -> None:
    token = client.generate_token("fn", "c")
    assert len(client.validate_tokens([("c", "fn", token)] * 1000)) == 1000
    with pytest.raises(InvalidArgumentError) as caught:
        client.validate_tokens([("c", "fn", token)] * 1001)
    assert caught.value.violations[0].field == "checks"
    with pytest.raises(InvalidArgumentError) as caught:
        client.validate_tokens([("c", "fn", token), ("c", "bad-name", token)])
    assert caught.value.violations[0].field == "checks[1].function_name"


def test_debug_token(client: SessionManagerClient) -> None:
    token = client.generate_token("fn", "root.2")
    info = client.debug_token(token)
    assert info["valid_format"] is True
    assert (info["call_id"], info["function_name"]) == ("root.2", "fn")
    assert info["expired"] is False and info["signature_valid"] is True
    assert len(info["nonce"]) == 16
    assert client.debug_token("garbage")["valid_format"] is False


def test_metadata_roundtrip(client: SessionManagerClient) -> None:
    assert client.get_session_metadata("m-1") == {}
    assert client.set_session_metadata("m-1", {"a": 1, "b": {"c": [1, 2.5, None]}})
    assert client.set_session_metadata("m-1", "d", "text ☎")
    assert client.get_session_metadata("m-1") == {
        "a": 1,
        "b": {"c": [1, 2.5, None]},
        "d": "text ☎",
    }
    assert client.delete_session_metadata("m-1") is True
    assert client.delete_session_metadata("m-1") is False
    assert client.get_session_metadata("m-1") == {}


def test_cleanup(client: SessionManagerClient) -> None:
    client.set_session_metadata("to-clean", {"a": 1})
    assert client.cleanup() == 0
    assert client.cleanup(max_age_secs=0) >= 1
    assert client.get_session_metadata("to-clean") == {}
    with pytest.raises(InvalidArgumentError) as caught:
        client.cleanup(max_age_secs=-1)
    assert caught.value.violations[0].field == "max_age"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.generate_token("", "c"), "function_name"),
        (lambda c: c.generate_token("get-weather", "c"), "function_name"),
        (lambda c: c.generate_token("f" * 129, "c"), "function_name"),
        (lambda c: c.generate_token("fn", ""), "call_id"),
        (lambda c: c.generate_token("fn", "c" * 257), "call_id"),
        (lambda c: c.create_tool_token("fn x", "c"), "function_name"),
        (lambda c: c.create_session("c" * 257), "call_id"),
        (lambda c: c.validate_token("c", "", "t"), "function_name"),
        (lambda c: c.validate_token("c", "a.b", "t"), "function_name"),
        (lambda c: c.validate_token("c" * 257, "fn", "t"), "call_id"),
        (lambda c: c.validate_token("c", "fn", "t" * 2049), "token"),
        (lambda c: c.validate_tool_token("1fn", "t", "c"), "function_name"),
        (lambda c: c.debug_token("t" * 2049), "token"),
        (lambda c: c.get_session_metadata(""), "session_id"),
        (lambda c: c.set_session_metadata("s" * 257, {"a": 1}), "session_id"),
        (lambda c: c.set_session_metadata("s", {"": 1}), "metadata"),
        (lambda c: c.set_session_metadata("s", {"a": float("nan")}), "metadata.a"),
        (lambda c: c.set_session_metadata("s", {"a": float("inf")}), "metadata.a"),
        (lambda c: c.set_session_metadata("s", {"x": "y" * 20_000}), None),
        (lambda c: c.delete_session_metadata(""), "session_id"),
    ],
)
def test_malformed_requests_name_the_field(
    client: SessionManagerClient, call: object, field: str | None
) -> None:
    with pytest.raises(SessionManagerClientError) as caught:
        call(client)  # type: ignore[operator]
    error = caught.value
    if field is None:
        assert error.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert error.violations[0].field == "metadata"
    else:
        assert isinstance(error, InvalidArgumentError)
        assert error.code == grpc.StatusCode.INVALID_ARGUMENT
        assert [v.field for v in error.violations] == [field]
        assert error.violations[0].description
    assert client.get_session_metadata("s") == {}


def test_wrong_metadata_types_are_refused_before_sending(
    client: SessionManagerClient,
) -> None:
    bad_values: list[Any] = [{"a": {1, 2}}, {"a": b"x"}, {1: "int key"}, ["a", "b"]]
    for bad in bad_values:
        with pytest.raises(TypeError):
            client.set_session_metadata("s", bad)
    assert client.get_session_metadata("s") == {}


def test_metadata_field_must_be_present(server: ServerProcess) -> None:
    with grpc.insecure_channel(server.address) as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.SetSessionMetadata(pb.SetSessionMetadataRequest(session_id="s"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_health_reports_serving(server: ServerProcess) -> None:
    with grpc.insecure_channel(server.address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for service in ("", "sessionmanager.v1.SessionManagerService"):
            response = stub.Check(health_pb2.HealthCheckRequest(service=service))
            assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_deadline_is_applied(server: ServerProcess) -> None:
    with SessionManagerClient(server.address) as client:
        token = client.generate_token("fn", "c")
        with pytest.raises(DeadlineExceededError):
            client.validate_tokens([("c", "fn", token)] * 1000, timeout=0.000001)


def test_unreachable_server_is_unavailable() -> None:
    address = f"127.0.0.1:{free_port()}"
    with (
        SessionManagerClient(address, timeout=2) as client,
        pytest.raises(UnavailableError),
    ):
        client.create_session()


def test_debug_token_refused_without_debug_mode(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    running = start_server(tmp_path_factory.mktemp("nodebug"))
    try:
        with SessionManagerClient(running.address) as client:
            token = client.generate_token("fn", "c")
            with pytest.raises(FailedPreconditionError, match="debug"):
                client.debug_token(token)
    finally:
        assert running.stop() == 0


async def test_async_client_every_method(server: ServerProcess) -> None:
    async with AsyncSessionManagerClient(server.address) as client:
        assert await client.create_session("a-1") == "a-1"
        token = await client.generate_token("fn", "a-1")
        tool_token = await client.create_tool_token("fn", "a-1")
        assert await client.validate_token("a-1", "fn", token)
        assert await client.validate_tool_token("fn", tool_token, "a-1")
        assert (
            await client.check_token("a-2", "fn", token)
        ).reason == "call_id_mismatch"
        results = await client.validate_tokens(
            [("a-1", "fn", token), ("a-1", "g", token)]
        )
        assert [r.valid for r in results] == [True, False]
        assert (await client.debug_token(token))["call_id"] == "a-1"
        assert await client.set_session_metadata("a-1", {"k": [1]})
        assert await client.set_session_metadata("a-1", "j", True)
        assert await client.get_session_metadata("a-1") == {"k": [1], "j": True}
        assert await client.delete_session_metadata("a-1")
        assert await client.cleanup(3600) == 0
        revoked_until = await client.revoke_session("a-1")
        assert revoked_until.timestamp() > 0
        assert (await client.check_token("a-1", "fn", token)).reason == "revoked"
        with pytest.raises(InvalidArgumentError):
            await client.generate_token("bad name", "a-1")


def test_tokens_from_one_server_validate_on_another_with_the_secret(
    server: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = start_server(tmp_path_factory.mktemp("other"))
    try:
        with (
            SessionManagerClient(server.address) as first,
            SessionManagerClient(other.address) as second,
        ):
            token = first.generate_token("fn", "shared-call")
            assert second.validate_token("shared-call", "fn", token)
    finally:
        assert other.stop() == 0


def test_no_secret_or_whole_token_in_the_log(server: ServerProcess) -> None:
    with SessionManagerClient(server.address) as client:
        token = client.generate_token("fn", "logged-call")
        client.validate_token("logged-call", "fn", token)
        client.validate_token("logged-call", "fn", token[:-4] + "AAAA")
    log = server.log()
    assert "listening on" in log
    assert "e2e-test-secret" not in log
    assert token not in log


def test_oversized_message_is_refused_and_changes_nothing(
    server: ServerProcess,
) -> None:
    with grpc.insecure_channel(
        server.address, options=[("grpc.max_send_message_length", 8 * 1024 * 1024)]
    ) as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        request = pb.ValidateTokensRequest(
            checks=[
                pb.TokenCheck(call_id="c" * 256, function_name="f", token="t" * 2048)
            ]
            * 2000
        )
        assert request.ByteSize() > 4 * 1024 * 1024
        with pytest.raises(grpc.RpcError) as caught:
            stub.ValidateTokens(request, timeout=30)
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED

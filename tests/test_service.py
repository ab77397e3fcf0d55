"""The gRPC service in process, with a pinned clock and a chosen store."""

from collections.abc import Iterator, Mapping
from concurrent import futures
from typing import Any

import grpc
import pytest
from google.protobuf import duration_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from sessionmanager.errors import StoreUnavailableError
from sessionmanager.service import SessionManagerService
from sessionmanager.signer import TokenSigner
from sessionmanager.store.base import MergeResult, MetadataLimits
from sessionmanager.store.memory import MemoryStore
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import (
    InvalidArgumentError,
    LimitExceededError,
    SessionManagerClient,
    Validation,
)
from sessionmanager_client.errors import SessionManagerClientError
from tests.conftest import FakeClock


class BrokenStore(MemoryStore):
    """A store whose writes fail unexpectedly."""

    def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        raise RuntimeError("disk on fire")


def serve(service: SessionManagerService) -> tuple[grpc.Server, str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb_grpc.add_SessionManagerServiceServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, f"127.0.0.1:{port}"


@pytest.fixture
def client(clock: FakeClock) -> Iterator[SessionManagerClient]:
    signer = TokenSigner("s", lifetime_secs=60, clock=clock)
    store = MemoryStore(MetadataLimits(max_sessions=2), clock)
    server, address = serve(SessionManagerService(signer, store, debug=True))
    with SessionManagerClient(address) as client:
        yield client
    server.stop(None)


def test_expiry_follows_the_clock(
    client: SessionManagerClient, clock: FakeClock
) -> None:
    token = client.generate_token("fn", "c")
    clock.advance(59)
    assert (client.check_token("c", "fn", token)).reason == "valid"
    clock.advance(1)
    assert (client.check_token("c", "fn", token)).reason == "expired"
    assert (client.debug_token(token))["expired"] is True


def test_generate_reports_the_expire_time(clock: FakeClock) -> None:
    signer = TokenSigner("s", lifetime_secs=60, clock=clock)
    service = SessionManagerService(signer, MemoryStore(clock=clock))
    server, address = serve(service)
    try:
        with grpc.insecure_channel(address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            request = pb.GenerateTokenRequest(call_id="c", function_name="fn")
            response = stub.GenerateToken(request)
    finally:
        server.stop(None)
    assert response.expire_time.seconds == int(clock.now) + 60


def test_session_bound_is_resource_exhausted(
    client: SessionManagerClient,
) -> None:
    client.set_session_metadata("a", {"x": 1})
    client.set_session_metadata("b", {"x": 1})
    with pytest.raises(LimitExceededError) as caught:
        client.set_session_metadata("c", {"x": 1})
    assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert caught.value.violations[0].field == "session_id"
    assert client.get_session_metadata("c") == {}


def test_cleanup_default_age_is_the_token_lifetime(
    client: SessionManagerClient, clock: FakeClock
) -> None:
    client.set_session_metadata("a", {"x": 1})
    clock.advance(30)
    client.set_session_metadata("b", {"x": 1})
    clock.advance(31)
    assert client.cleanup() == 1
    assert client.cleanup(0.5) == 1


def test_cleanup_takes_fractional_durations(clock: FakeClock) -> None:
    store = MemoryStore(clock=clock)
    server, address = serve(SessionManagerService(TokenSigner("s"), store))
    try:
        store.merge("a", {"x": 1})
        clock.advance(1.5)
        with grpc.insecure_channel(address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            keep = pb.CleanupRequest(max_age=duration_pb2.Duration(seconds=2))
            assert (stub.Cleanup(keep)).removed_count == 0
            drop = pb.CleanupRequest(max_age=duration_pb2.Duration(seconds=1, nanos=1))
            assert (stub.Cleanup(drop)).removed_count == 1
    finally:
        server.stop(None)


def test_unexpected_failure_is_internal_and_logged(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    service = SessionManagerService(TokenSigner("s"), BrokenStore())
    server, address = serve(service)
    try:
        with SessionManagerClient(address) as client:
            with pytest.raises(SessionManagerClientError) as caught:
                client.set_session_metadata("a", {"x": 1})
            # The server is still there for the next call.
            assert client.create_session("c") == "c"
    finally:
        server.stop(None)
    assert caught.value.code == grpc.StatusCode.INTERNAL
    assert "disk on fire" not in caught.value.message
    assert "SetSessionMetadata failed" in caplog.text


def test_calls_are_counted(clock: FakeClock) -> None:
    service = SessionManagerService(TokenSigner("s"), MemoryStore())
    server, address = serve(service)
    try:
        before = service.calls.last_started
        with SessionManagerClient(address) as client:
            client.create_session()
    finally:
        server.stop(None)
    assert service.calls.active == 0
    assert service.calls.last_started > before


def test_revocation_covers_tokens_minted_so_far(clock: FakeClock) -> None:
    signer = TokenSigner("s", lifetime_secs=60, clock=clock)
    server, address = serve(SessionManagerService(signer, MemoryStore(clock=clock)))
    try:
        with SessionManagerClient(address) as client:
            old = client.generate_token("fn", "c")
            until = client.revoke_session("c")
            assert until.timestamp() == int(clock.now) + 60
            assert client.check_token("c", "fn", old).reason == "revoked"
            # Minted in the same second: still covered.
            assert client.check_token("c", "fn", client.generate_token("fn", "c")) == (
                Validation(False, "revoked")
            )
            clock.advance(1)
            newer = client.generate_token("fn", "c")
            assert client.validate_token("c", "fn", newer)
            clock.advance(59)
            assert client.check_token("c", "fn", old).reason == "expired"
            with pytest.raises(InvalidArgumentError):
                client.revoke_session("")
    finally:
        server.stop(None)


def test_single_use_spends_a_token_once(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    service = SessionManagerService(signer, MemoryStore(clock=clock), single_use=True)
    server, address = serve(service)
    try:
        with SessionManagerClient(address) as client:
            token = client.generate_token("fn", "c")
            with pytest.raises(InvalidArgumentError):
                client.validate_tokens([("c", "fn", token), ("c", "bad name", token)])
            # The malformed batch spent nothing.
            assert client.check_token("c", "fn", token).reason == "valid"
            assert client.check_token("c", "fn", token).reason == "replayed"
            assert client.validate_tool_token("fn", token, "c") is False
    finally:
        server.stop(None)


def test_store_outage_is_unavailable_with_retry_info(clock: FakeClock) -> None:
    class DownStore(MemoryStore):
        def get(self, session_id: str) -> dict[str, Any]:
            raise StoreUnavailableError("the store at test is unavailable: down")

    server, address = serve(SessionManagerService(TokenSigner("s"), DownStore()))
    try:
        with grpc.insecure_channel(address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                stub.GetSessionMetadata(pb.GetSessionMetadataRequest(session_id="s"))
    finally:
        server.stop(None)
    error = caught.value
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    assert "retry later" in (error.details() or "")
    status = rpc_status.from_call(error)
    assert status is not None
    assert status.details[0].Is(error_details_pb2.RetryInfo.DESCRIPTOR)

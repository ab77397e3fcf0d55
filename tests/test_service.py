"""The gRPC service in process, with a pinned clock and a chosen store."""

from collections.abc import AsyncIterator, Mapping
from typing import Any

import grpc
import pytest
from google.protobuf import duration_pb2

from sessionmanager.service import SessionManagerService
from sessionmanager.signer import TokenSigner
from sessionmanager.store.base import MergeResult, MetadataLimits
from sessionmanager.store.memory import AsyncMemoryStore, MemoryStore
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import AsyncSessionManagerClient, LimitExceededError
from sessionmanager_client.errors import SessionManagerClientError
from tests.conftest import FakeClock


class BrokenStore(AsyncMemoryStore):
    """A store whose writes fail unexpectedly."""

    async def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        raise RuntimeError("disk on fire")


async def serve(service: SessionManagerService) -> tuple[grpc.aio.Server, str]:
    server = grpc.aio.server()
    pb_grpc.add_SessionManagerServiceServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, f"127.0.0.1:{port}"


@pytest.fixture
async def client(clock: FakeClock) -> AsyncIterator[AsyncSessionManagerClient]:
    signer = TokenSigner("s", lifetime_secs=60, clock=clock)
    store = AsyncMemoryStore(MemoryStore(MetadataLimits(max_sessions=2), clock))
    server, address = await serve(SessionManagerService(signer, store, debug=True))
    async with AsyncSessionManagerClient(address) as client:
        yield client
    await server.stop(None)


async def test_expiry_follows_the_clock(
    client: AsyncSessionManagerClient, clock: FakeClock
) -> None:
    token = await client.generate_token("fn", "c")
    clock.advance(59)
    assert (await client.check_token("c", "fn", token)).reason == "valid"
    clock.advance(1)
    assert (await client.check_token("c", "fn", token)).reason == "expired"
    assert (await client.debug_token(token))["expired"] is True


async def test_generate_reports_the_expire_time(clock: FakeClock) -> None:
    signer = TokenSigner("s", lifetime_secs=60, clock=clock)
    service = SessionManagerService(signer, AsyncMemoryStore(MemoryStore(clock=clock)))
    server, address = await serve(service)
    try:
        async with grpc.aio.insecure_channel(address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            request = pb.GenerateTokenRequest(call_id="c", function_name="fn")
            response = await stub.GenerateToken(request)
    finally:
        await server.stop(None)
    assert response.expire_time.seconds == int(clock.now) + 60


async def test_session_bound_is_resource_exhausted(
    client: AsyncSessionManagerClient,
) -> None:
    await client.set_session_metadata("a", {"x": 1})
    await client.set_session_metadata("b", {"x": 1})
    with pytest.raises(LimitExceededError) as caught:
        await client.set_session_metadata("c", {"x": 1})
    assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert caught.value.violations[0].field == "session_id"
    assert await client.get_session_metadata("c") == {}


async def test_cleanup_default_age_is_the_token_lifetime(
    client: AsyncSessionManagerClient, clock: FakeClock
) -> None:
    await client.set_session_metadata("a", {"x": 1})
    clock.advance(30)
    await client.set_session_metadata("b", {"x": 1})
    clock.advance(31)
    assert await client.cleanup() == 1
    assert await client.cleanup(0.5) == 1


async def test_cleanup_takes_fractional_durations(clock: FakeClock) -> None:
    store = AsyncMemoryStore(MemoryStore(clock=clock))
    server, address = await serve(SessionManagerService(TokenSigner("s"), store))
    try:
        await store.merge("a", {"x": 1})
        clock.advance(1.5)
        async with grpc.aio.insecure_channel(address) as channel:
            stub = pb_grpc.SessionManagerServiceStub(channel)
            keep = pb.CleanupRequest(max_age=duration_pb2.Duration(seconds=2))
            assert (await stub.Cleanup(keep)).removed_count == 0
            drop = pb.CleanupRequest(max_age=duration_pb2.Duration(seconds=1, nanos=1))
            assert (await stub.Cleanup(drop)).removed_count == 1
    finally:
        await server.stop(None)


async def test_unexpected_failure_is_internal_and_logged(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    service = SessionManagerService(TokenSigner("s"), BrokenStore(MemoryStore()))
    server, address = await serve(service)
    try:
        async with AsyncSessionManagerClient(address) as client:
            with pytest.raises(SessionManagerClientError) as caught:
                await client.set_session_metadata("a", {"x": 1})
            # The server is still there for the next call.
            assert await client.create_session("c") == "c"
    finally:
        await server.stop(None)
    assert caught.value.code == grpc.StatusCode.INTERNAL
    assert "disk on fire" not in caught.value.message
    assert "SetSessionMetadata failed" in caplog.text


async def test_calls_are_counted(clock: FakeClock) -> None:
    service = SessionManagerService(TokenSigner("s"), AsyncMemoryStore(MemoryStore()))
    server, address = await serve(service)
    try:
        before = service.calls.last_started
        async with AsyncSessionManagerClient(address) as client:
            await client.create_session()
    finally:
        await server.stop(None)
    assert service.calls.active == 0
    assert service.calls.last_started > before

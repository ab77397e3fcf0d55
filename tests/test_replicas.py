"""Several server processes sharing one Redis act as one service.

Each test here runs real `sessionmanager serve` processes against a real
redis-server with append-only persistence, started for this module alone
because one test stops and restarts it.
"""

import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import psutil
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sessionmanager_client import SessionManagerClient, UnavailableError, Validation
from tests.conftest import RedisServer, ServerProcess, start_server


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("replicas-redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def replicas(
    redis: RedisServer, tmp_path: Path
) -> Iterator[Callable[..., list[ServerProcess]]]:
    started: list[ServerProcess] = []

    def start(count: int, *args: str) -> list[ServerProcess]:
        new = [
            start_server(tmp_path, "--store", redis.url(), *args) for _ in range(count)
        ]
        started.extend(new)
        return new

    redis.flush()
    yield start
    for server in started:
        assert server.killed or server.stop() == 0, server.log()


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def store_health(address: str) -> int:
    with grpc.insecure_channel(address) as channel:
        request = health_pb2.HealthCheckRequest(service="sessionmanager.store")
        response = health_pb2_grpc.HealthStub(channel).Check(request, timeout=2)
        status: int = response.status
        return status


def test_two_replicas_act_as_one(replicas: Callable[..., list[ServerProcess]]) -> None:
    a, b = replicas(2)
    with (
        SessionManagerClient(a.address) as on_a,
        SessionManagerClient(b.address) as on_b,
    ):
        token = on_a.generate_token("get_weather", "call-ab")
        assert on_b.validate_token("call-ab", "get_weather", token)

        on_a.set_session_metadata("call-ab", {"step": "greeting", "n": 1})
        on_b.set_session_metadata("call-ab", "n", 2)
        assert on_b.get_session_metadata("call-ab") == {"step": "greeting", "n": 2}
        assert on_a.get_session_metadata("call-ab") == {"step": "greeting", "n": 2}

        on_a.revoke_session("call-ab")
        assert on_b.check_token("call-ab", "get_weather", token).reason == "revoked"
        assert on_a.check_token("call-ab", "get_weather", token).reason == "revoked"
        # Other calls are untouched; a token minted after the revocation's
        # window would pass again, but within it the call stays refused.
        other = on_a.generate_token("get_weather", "call-other")
        assert on_b.validate_token("call-other", "get_weather", other)

        assert on_b.delete_session_metadata("call-ab") is True
        assert on_a.get_session_metadata("call-ab") == {}


def test_single_use_tokens_across_replicas(
    replicas: Callable[..., list[ServerProcess]],
) -> None:
    a, b = replicas(2, "--single-use")
    with (
        SessionManagerClient(a.address) as on_a,
        SessionManagerClient(b.address) as on_b,
    ):
        token = on_b.generate_token("transfer_funds", "call-once")
        # Failed checks spend nothing: the wrong call id, then the right one.
        assert on_a.check_token("call-twice", "transfer_funds", token).reason == (
            "call_id_mismatch"
        )
        assert on_a.check_token("call-once", "transfer_funds", token).reason == "valid"
        assert on_b.check_token("call-once", "transfer_funds", token).reason == (
            "replayed"
        )
        assert on_a.check_token("call-once", "transfer_funds", token).reason == (
            "replayed"
        )
        second = on_a.generate_token("transfer_funds", "call-once")
        assert on_b.validate_tokens([("call-once", "transfer_funds", second)] * 2) == [
            Validation(True, "valid"),
            Validation(False, "replayed"),
        ]


def test_fifty_concurrent_clients_lose_no_key(
    replicas: Callable[..., list[ServerProcess]],
) -> None:
    a, b = replicas(2)
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        address = (a, b)[index % 2].address
        try:
            with SessionManagerClient(address, timeout=30) as client:
                client.set_session_metadata("crowded", {f"key-{index}": index})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with SessionManagerClient(a.address) as client:
        metadata = client.get_session_metadata("crowded")
    assert metadata == {f"key-{i}": i for i in range(50)}


def test_redis_outage_then_recovery_loses_nothing_acknowledged(
    redis: RedisServer, replicas: Callable[..., list[ServerProcess]]
) -> None:
    (server,) = replicas(1)
    with SessionManagerClient(server.address, timeout=10) as client:
        for index in range(20):
            client.set_session_metadata("durable", {f"k{index}": index})
        token = client.generate_token("get_weather", "durable")
        redis.stop()
        try:
            with pytest.raises(UnavailableError) as caught:
                client.set_session_metadata("durable", {"lost": True})
            assert "is unavailable" in caught.value.message
            assert "retry later" in caught.value.message
            with pytest.raises(UnavailableError):
                client.get_session_metadata("durable")

            # What needs no state keeps working.
            fresh = client.generate_token("get_weather", "durable")
            assert client.check_token("durable", "other", fresh).reason == (
                "function_mismatch"
            )
            assert client.check_token("durable", "get_weather", "x").reason == (
                "malformed"
            )
            # A token that passes every stateless check needs the revocation
            # list, so it is not answered blindly.
            with pytest.raises(UnavailableError):
                client.validate_token("durable", "get_weather", token)
            wait_for(
                lambda: (
                    store_health(server.address)
                    == health_pb2.HealthCheckResponse.NOT_SERVING
                )
            )
        finally:
            redis.start()

        wait_for(
            lambda: (
                store_health(server.address) == health_pb2.HealthCheckResponse.SERVING
            )
        )
        assert client.get_session_metadata("durable") == {
            f"k{index}": index for index in range(20)
        }
        assert client.validate_token("durable", "get_weather", token)
        client.set_session_metadata("durable", {"after": True})
        assert client.get_session_metadata("durable")["after"] is True
    log = server.log()
    assert "is unavailable" in log and "answers again" in log


def test_workers_share_one_port(redis: RedisServer, tmp_path: Path) -> None:
    redis.flush()
    parent = start_server(tmp_path, "--workers", "2", "--store", redis.url())
    port = int(parent.address.rsplit(":", 1)[1])
    channels = [
        grpc.insecure_channel(
            parent.address, options=[("grpc.use_local_subchannel_pool", 1)]
        )
        for _ in range(40)
    ]
    try:
        for index, channel in enumerate(channels):
            grpc.channel_ready_future(channel).result(timeout=10)
            with SessionManagerClient(parent.address) as client:
                client.set_session_metadata("workers", {f"c{index}": index})

        workers = psutil.Process(parent.process.pid).children()
        assert len(workers) == 2
        serving = {
            worker.pid
            for worker in workers
            for connection in worker.net_connections(kind="tcp")
            if connection.laddr.port == port
            and connection.status == psutil.CONN_ESTABLISHED
        }
        assert serving == {worker.pid for worker in workers}
    finally:
        for channel in channels:
            channel.close()

    with SessionManagerClient(parent.address) as client:
        assert len(client.get_session_metadata("workers")) == 40
    parent.process.send_signal(signal.SIGTERM)
    assert parent.process.wait(30) == 0, parent.log()
    assert all(not psutil.pid_exists(worker.pid) for worker in workers)
    assert "started 2 workers" in parent.log()


def test_a_killed_replica_loses_nothing_acknowledged(
    replicas: Callable[..., list[ServerProcess]],
) -> None:
    a, b = replicas(2)
    with SessionManagerClient(a.address) as on_a:
        for index in range(10):
            on_a.set_session_metadata("survivor", {f"k{index}": index})
        token = on_a.generate_token("get_weather", "survivor")
        doomed = on_a.generate_token("get_weather", "revoked-call")
        on_a.revoke_session("revoked-call")
    a.kill()

    with SessionManagerClient(b.address) as on_b:
        assert on_b.get_session_metadata("survivor") == {
            f"k{index}": index for index in range(10)
        }
        assert on_b.validate_token("survivor", "get_weather", token)
        assert on_b.check_token("revoked-call", "get_weather", doomed).reason == (
            "revoked"
        )

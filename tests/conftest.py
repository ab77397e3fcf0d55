"""Shared fixtures: a settable clock, the token vectors, a live server process."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

DATA = Path(__file__).parent / "data"
TEST_SECRET = "e2e-test-secret"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def load_vectors() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads(
        (DATA / "token-vectors.json").read_text(encoding="utf-8")
    )
    return vectors


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def require_tool(name: str, hint: str) -> str:
    """The tool's path; skips without it, but fails under CI."""
    path = shutil.which(name) or shutil.which(
        name, path=os.path.dirname(sys.executable)
    )
    if path is None:
        message = f"{name} is not installed: {hint}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


class RedisServer:
    """A redis-server child process with append-only persistence on disk."""

    def __init__(self, directory: Path, password: str | None = None) -> None:
        self.executable = require_tool("redis-server", "apt-get install redis-server")
        self.directory = directory
        self.password = password
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                *(("--requirepass", self.password) if self.password else ()),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    # A password-protected Redis answers NOAUTH: it is up.
                    if sock.recv(64).startswith((b"+PONG", b"-NOAUTH")):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        self.process = None

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), 2) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            assert sock.recv(64).startswith(b"+OK")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One Redis for the whole run; tests that stop Redis start their own."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """An empty Redis database."""
    redis_server.flush()
    return redis_server.url()


@dataclass
class ServerProcess:
    """A ``sessionmanager serve`` child process and how to reach it."""

    process: subprocess.Popen[str]
    address: str
    log_path: Path
    killed: bool = False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def kill(self) -> None:
        """End the process at once, as a crash would."""
        self.killed = True
        self.process.kill()
        self.process.wait(30)

    def stop(self, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)


def wait_until_serving(address: str, process: subprocess.Popen[str], log: Path) -> None:
    """Wait for the server's "listening on" line (TLS servers too), then check
    with plaintext health checking where the server speaks plaintext."""
    deadline = time.monotonic() + 30
    while "listening on" not in log.read_text():
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"server did not become ready:\n{log.read_text()}")
        time.sleep(0.05)
    if "(plaintext" not in log.read_text():
        return
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                response = stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
            except grpc.RpcError:
                time.sleep(0.05)
                continue
            if response.status == health_pb2.HealthCheckResponse.SERVING:
                return
    raise RuntimeError(f"server did not become ready:\n{log.read_text()}")


def start_server(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> ServerProcess:
    """Start ``sessionmanager serve`` on a free loopback port and wait for it."""
    address = f"127.0.0.1:{free_port()}"
    log_path = tmp_path / f"server-{address.rsplit(':', 1)[1]}.log"
    child_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SESSIONMANAGER_", "SIGNALWIRE_"))
    }
    child_env.update(
        env if env is not None else {"SESSIONMANAGER_SECRET_KEY": TEST_SECRET}
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sessionmanager",
                "serve",
                "--listen",
                address,
                *args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env,
            text=True,
        )
    try:
        wait_until_serving(address, process, log_path)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return ServerProcess(process, address, log_path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One debug-mode server for a whole test module."""
    running = start_server(tmp_path_factory.mktemp("server"), "--debug")
    yield running
    assert running.stop() == 0, running.log()

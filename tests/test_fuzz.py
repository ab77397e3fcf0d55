"""Thousands of random and mutated requests over gRPC against a real server.

Every request gets a response or a clear error with an expected code; the
server stays up; no log line holds the secret or a whole token.
"""

import random
import string
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest

from sessionmanager.structs import dict_to_struct
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from tests.conftest import TEST_SECRET, ServerProcess, start_server

REQUESTS = 4000
RAW_REQUESTS = 500
EXPECTED = {
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = start_server(
        tmp_path_factory.mktemp("fuzz"), "--debug", "--max-sessions", "200"
    )
    yield running
    assert running.stop() == 0, running.log()


class Fuzzer:
    """Makes random and mutated field values from a fixed seed."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.tokens: list[str] = []

    def text(self) -> str:
        choice = self.random.randrange(8)
        if choice == 0:
            return ""
        if choice == 1:
            return "x" * self.random.choice([255, 256, 257, 1024, 2048, 2049, 5000])
        if choice == 2:
            return "".join(chr(self.random.randrange(1, 0xD7FF)) for _ in range(20))
        if choice == 3:
            return self.random.choice(["get_weather", "a.b", "1x", "f:g", "é", "_"])
        if choice == 4 and self.tokens:
            return self.mutate(self.random.choice(self.tokens))
        alphabet = string.printable
        return "".join(
            self.random.choice(alphabet) for _ in range(self.random.randrange(40))
        )

    def mutate(self, token: str) -> str:
        chars = list(token)
        for _ in range(self.random.randrange(1, 4)):
            index = self.random.randrange(len(chars))
            chars[index] = self.random.choice(string.ascii_letters + "=-_+/.\n")
        if self.random.random() < 0.2:
            return token + self.random.choice(["=", "==", "A", "\n"])
        return "".join(chars)

    def value(self, depth: int = 0) -> Any:
        choice = self.random.randrange(7 if depth < 20 else 4)
        if choice == 0:
            return None
        if choice == 1:
            return self.random.choice([0, -1.5, 1e308, float("nan"), float("inf")])
        if choice == 2:
            return self.text()
        if choice == 3:
            return self.random.random() < 0.5
        if choice == 4:
            return [self.value(depth + 1) for _ in range(self.random.randrange(3))]
        return {
            self.text(): self.value(depth + 1) for _ in range(self.random.randrange(3))
        }

    def struct(self) -> Any:
        values = {self.text(): self.value() for _ in range(self.random.randrange(6))}
        return dict_to_struct(values)

    def request(self) -> tuple[str, Any]:
        rpc = self.random.choice(list(BUILDERS))
        return rpc, BUILDERS[rpc](self)


BUILDERS: dict[str, Callable[[Fuzzer], Any]] = {
    "CreateSession": lambda f: pb.CreateSessionRequest(call_id=f.text()),
    "GenerateToken": lambda f: pb.GenerateTokenRequest(
        call_id=f.text(), function_name=f.text()
    ),
    "CreateToolToken": lambda f: pb.CreateToolTokenRequest(
        call_id=f.text(), function_name=f.text()
    ),
    "ValidateToken": lambda f: pb.ValidateTokenRequest(
        call_id=f.text(), function_name=f.text(), token=f.text()
    ),
    "ValidateToolToken": lambda f: pb.ValidateToolTokenRequest(
        call_id=f.text(), function_name=f.text(), token=f.text()
    ),
    "ValidateTokens": lambda f: pb.ValidateTokensRequest(
        checks=[
            pb.TokenCheck(call_id=f.text(), function_name=f.text(), token=f.text())
            for _ in range(f.random.choice([0, 1, 5, 1001]))
        ]
    ),
    "DebugToken": lambda f: pb.DebugTokenRequest(token=f.text()),
    "GetSessionMetadata": lambda f: pb.GetSessionMetadataRequest(session_id=f.text()),
    "SetSessionMetadata": lambda f: pb.SetSessionMetadataRequest(
        session_id=f.text(), metadata=f.struct()
    ),
    "DeleteSessionMetadata": lambda f: pb.DeleteSessionMetadataRequest(
        session_id=f.text()
    ),
    "Cleanup": lambda f: pb.CleanupRequest(),
    "RevokeSession": lambda f: pb.RevokeSessionRequest(call_id=f.text()),
}


def test_random_and_mutated_requests(server: ServerProcess) -> None:
    fuzzer = Fuzzer(seed=20261203)
    outcomes: dict[str, int] = {}
    with grpc.insecure_channel(server.address) as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        for _ in range(REQUESTS):
            rpc, request = fuzzer.request()
            try:
                response = getattr(stub, rpc)(request, timeout=10)
            except grpc.RpcError as exc:
                code = exc.code()
                assert code in EXPECTED, (rpc, request, code, exc.details())
                assert exc.details()
                outcomes[code.name] = outcomes.get(code.name, 0) + 1
                continue
            outcomes["OK"] = outcomes.get("OK", 0) + 1
            token = getattr(response, "token", "")
            if token:
                fuzzer.tokens.append(token)

        # Still up, and still right.
        minted = stub.GenerateToken(
            pb.GenerateTokenRequest(call_id="after", function_name="fn")
        )
        check = pb.ValidateTokenRequest(
            call_id="after", function_name="fn", token=minted.token
        )
        assert stub.ValidateToken(check).valid

    assert outcomes["OK"] > REQUESTS / 5 and outcomes["INVALID_ARGUMENT"] > REQUESTS / 5
    assert fuzzer.tokens
    log = server.log()
    assert TEST_SECRET not in log
    assert not any(token in log for token in fuzzer.tokens)


def test_undecodable_payloads(server: ServerProcess) -> None:
    generator = random.Random(7)
    with grpc.insecure_channel(server.address) as channel:
        for _ in range(RAW_REQUESTS):
            rpc = generator.choice(list(BUILDERS))
            call: grpc.UnaryUnaryMultiCallable[bytes, bytes] = channel.unary_unary(
                f"/sessionmanager.v1.SessionManagerService/{rpc}",
                request_serializer=None,
                response_deserializer=None,
            )
            payload = generator.randbytes(generator.randrange(64))
            try:
                call(payload, timeout=10)
            except grpc.RpcError as exc:
                # Bytes that are not a protobuf message are refused by gRPC
                # itself before any handler runs.
                assert exc.code() in EXPECTED | {grpc.StatusCode.INTERNAL}, exc
        stub = pb_grpc.SessionManagerServiceStub(channel)
        assert stub.CreateSession(pb.CreateSessionRequest(call_id="alive")).call_id


def test_no_handler_failed(server: ServerProcess) -> None:
    assert server.process.poll() is None
    # Every refusal above was a decision, never an unexpected failure.
    assert "ERROR sessionmanager" not in server.log()


def test_request_text_cannot_forge_log_lines(server: ServerProcess) -> None:
    with grpc.insecure_channel(server.address) as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        stub.RevokeSession(pb.RevokeSessionRequest(call_id="a\nFORGED b"))
    assert "\nFORGED" not in server.log()

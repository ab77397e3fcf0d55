"""Caller authentication: every RPC with no key, a wrong key, a key without
the scope, and the right key, against a real server process."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from sessionmanager.apikeys import ApiKeys, KeysFileError, Scope
from sessionmanager.auth import METHOD_SCOPES
from sessionmanager.structs import dict_to_struct
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import SessionManagerClient, UnauthenticatedError
from tests.conftest import ServerProcess, start_server

KEYS = {
    "issue": "sk_issue_0123456789abcdef",
    "validate": "sk_validate_0123456789abcdef",
    "metadata": "sk_metadata_0123456789abcdef",
    "admin": "sk_admin_0123456789abcdef",
}
KEYS_FILE = "\n".join(
    ["# test keys", *(f"{scope}-key {scope} {key}" for scope, key in KEYS.items())]
)

# Every RPC, the scope it needs, and a well-formed request for it.
RPCS: dict[str, tuple[str, Callable[[], Any]]] = {
    "CreateSession": ("issue", pb.CreateSessionRequest),
    "GenerateToken": (
        "issue",
        lambda: pb.GenerateTokenRequest(call_id="c", function_name="f"),
    ),
    "CreateToolToken": (
        "issue",
        lambda: pb.CreateToolTokenRequest(call_id="c", function_name="f"),
    ),
    "ValidateToken": (
        "validate",
        lambda: pb.ValidateTokenRequest(call_id="c", function_name="f", token="x"),
    ),
    "ValidateToolToken": (
        "validate",
        lambda: pb.ValidateToolTokenRequest(call_id="c", function_name="f", token="x"),
    ),
    "ValidateTokens": ("validate", pb.ValidateTokensRequest),
    "GetSessionMetadata": (
        "metadata",
        lambda: pb.GetSessionMetadataRequest(session_id="s"),
    ),
    "SetSessionMetadata": (
        "metadata",
        lambda: pb.SetSessionMetadataRequest(
            session_id="s", metadata=dict_to_struct({"a": 1})
        ),
    ),
    "DeleteSessionMetadata": (
        "metadata",
        lambda: pb.DeleteSessionMetadataRequest(session_id="s"),
    ),
    "DebugToken": ("admin", lambda: pb.DebugTokenRequest(token="x")),
    "Cleanup": ("admin", pb.CleanupRequest),
    "RevokeSession": ("admin", lambda: pb.RevokeSessionRequest(call_id="c")),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("auth")
    keys = directory / "keys"
    keys.write_text(KEYS_FILE)
    running = start_server(directory, "--debug", "--api-keys-file", str(keys))
    yield running
    assert running.stop() == 0, running.log()


@pytest.fixture(scope="module")
def stub(server: ServerProcess) -> Iterator[pb_grpc.SessionManagerServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield pb_grpc.SessionManagerServiceStub(channel)


def call(
    stub: pb_grpc.SessionManagerServiceStub, rpc: str, key: str | None
) -> grpc.StatusCode:
    metadata = () if key is None else (("authorization", f"Bearer {key}"),)
    try:
        getattr(stub, rpc)(RPCS[rpc][1](), metadata=metadata, timeout=10)
    except grpc.RpcError as exc:
        code: grpc.StatusCode = exc.code()
        return code
    return grpc.StatusCode.OK


def test_every_rpc_has_a_scope() -> None:
    rpcs = {method.rsplit("/", 1)[1] for method in METHOD_SCOPES}
    assert rpcs == set(RPCS)
    for method, scope in METHOD_SCOPES.items():
        assert scope.value == RPCS[method.rsplit("/", 1)[1]][0]


@pytest.mark.parametrize("rpc", list(RPCS))
def test_every_rpc_needs_the_right_key(
    stub: pb_grpc.SessionManagerServiceStub, rpc: str
) -> None:
    scope = RPCS[rpc][0]
    assert call(stub, rpc, None) == grpc.StatusCode.UNAUTHENTICATED
    assert call(stub, rpc, "sk_wrong_0123456789abcdef") == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    for other_scope, other_key in KEYS.items():
        if other_scope != scope:
            assert call(stub, rpc, other_key) == grpc.StatusCode.PERMISSION_DENIED
    assert call(stub, rpc, KEYS[scope]) == grpc.StatusCode.OK


def test_malformed_authorization_headers(
    server: ServerProcess, stub: pb_grpc.SessionManagerServiceStub
) -> None:
    request = pb.CreateSessionRequest()
    for header in (KEYS["issue"], f"Basic {KEYS['issue']}", "Bearer", "Bearer  "):
        with pytest.raises(grpc.RpcError) as caught:
            stub.CreateSession(request, metadata=(("authorization", header),))
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    # The scheme is case-insensitive, as HTTP says.
    ok = stub.CreateSession(
        request, metadata=(("authorization", f"bearer {KEYS['issue']}"),)
    )
    assert ok.call_id
    assert "sk_issue" not in server.log()


def test_health_and_reflection_stay_open(server: ServerProcess) -> None:
    with grpc.insecure_channel(server.address) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest()
        )
    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_python_client_sends_the_key(server: ServerProcess) -> None:
    with SessionManagerClient(server.address, api_key=KEYS["issue"]) as client:
        assert client.create_session("c-1") == "c-1"
    with (
        SessionManagerClient(server.address, api_key="nope") as client,
        pytest.raises(UnauthenticatedError),
    ):
        client.create_session()


def test_reflection_can_be_turned_off(tmp_path: Path) -> None:
    running = start_server(tmp_path, "--no-reflection")
    try:
        with grpc.insecure_channel(running.address) as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            request = reflection_pb2.ServerReflectionRequest(list_services="")
            with pytest.raises(grpc.RpcError) as caught:
                list(stub.ServerReflectionInfo(iter([request]), timeout=5))
        assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED
    finally:
        assert running.stop() == 0


def test_keys_are_kept_hashed_and_compared_whole() -> None:
    hashed = (
        "sha256:" + __import__("hashlib").sha256(b"sk_prehashed_0123456789").hexdigest()
    )
    keys = ApiKeys.parse(
        f"a issue sk_plain_0123456789abcdef\nb admin,issue {hashed}", "t"
    )
    plain = keys.authenticate("sk_plain_0123456789abcdef")
    assert plain is not None and plain.scopes == {Scope.ISSUE}
    assert "sk_plain" not in repr(plain)
    pre = keys.authenticate("sk_prehashed_0123456789")
    assert pre is not None and pre.scopes == {Scope.ADMIN, Scope.ISSUE}
    for near in ("sk_plain_0123456789abcde", "sk_plain_0123456789abcdefX", ""):
        assert keys.authenticate(near) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no API keys"),
        ("a issue", "expected NAME SCOPES KEY"),
        ("a issue short", "at least 16"),
        ("a root sk_0123456789abcdef", "scopes must be among"),
        ("a issue sha256:abc", "64 lowercase hex"),
        ("a issue sk_0123456789abcdef\na admin sk_0123456789abcdeg", "used twice"),
    ],
)
def test_bad_keys_files(text: str, message: str) -> None:
    with pytest.raises(KeysFileError, match=message):
        ApiKeys.parse(text, "keys")

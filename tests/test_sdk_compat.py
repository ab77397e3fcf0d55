"""Tokens cross between this service and the real SignalWire Python SDK."""

import os
import secrets
import types
from collections.abc import Iterator
from typing import Any

import pytest
from signalwire.core.security import session_manager as sdk_module

from sessionmanager import Reason, SessionManager
from sessionmanager_client import SessionManagerClient
from tests.conftest import TEST_SECRET, FakeClock, ServerProcess, load_vectors

SECRET = "shared-compat-secret"


@pytest.fixture
def sdk() -> Any:
    return sdk_module.SessionManager(token_expiry_secs=900, secret_key=SECRET)


@pytest.fixture
def sdk_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClock]:
    """Pins the SDK module's clock, which reads time.time()."""
    clock = FakeClock(1_790_000_000.0)
    monkeypatch.setattr(sdk_module, "time", types.SimpleNamespace(time=clock))
    yield clock


def test_sdk_tokens_validate_here(sdk: Any) -> None:
    ours = SessionManager(secret_key=SECRET)
    for call_id in ("call-1", "root.2", "appel-café-☎", "3f2c1a9e-7b7d-4f1e"):
        token = sdk.generate_token("get_weather", call_id)
        assert ours.check_token(call_id, "get_weather", token) is Reason.VALID
        assert ours.validate_tool_token("get_weather", token, call_id)
        assert not ours.validate_token(call_id, "other", token)


def test_our_tokens_validate_in_the_sdk(sdk: Any) -> None:
    ours = SessionManager(secret_key=SECRET)
    for call_id in ("call-1", "root.2", "appel-café-☎"):
        token = ours.generate_token("get_weather", call_id)
        assert sdk.validate_token(call_id, "get_weather", token) is True
        assert sdk.validate_tool_token("get_weather", token, call_id) is True
        assert sdk.validate_token(call_id + "x", "get_weather", token) is False


def test_sdk_refuses_ours_with_another_secret() -> None:
    other = sdk_module.SessionManager(secret_key="different")
    token = SessionManager(secret_key=SECRET).generate_token("fn", "c")
    assert other.validate_token("c", "fn", token) is False


@pytest.mark.parametrize("vector", load_vectors(), ids=lambda v: v["id"])
def test_the_sdk_agrees_on_every_vector(
    vector: dict[str, Any], sdk_clock: FakeClock
) -> None:
    sdk = sdk_module.SessionManager(secret_key=vector["secret"])
    ours = SessionManager(secret_key=vector["secret"], clock=sdk_clock)
    args = (vector["call_id"], vector["function"], vector["token"])
    assert ours.validate_token(*args) is True
    # The SDK's decoder needs a length that is a multiple of four, so it
    # refuses unpadded tokens of other lengths (TypeScript's, as in V4).
    sdk_can_decode = len(vector["token"]) % 4 == 0
    assert sdk.validate_token(*args) is sdk_can_decode


def test_same_format_for_the_same_fields(
    sdk_clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the clock and the nonce fixed, both mint the very same token.
    # The SDK draws its nonce with secrets.token_hex, this service with
    # os.urandom; both are fixed to the same bytes.
    monkeypatch.setattr(secrets, "token_hex", lambda n: "0123456789abcdef")
    monkeypatch.setattr(os, "urandom", lambda n: bytes.fromhex("0123456789abcdef"))
    sdk = sdk_module.SessionManager(secret_key=SECRET)
    ours = SessionManager(secret_key=SECRET, clock=sdk_clock)
    for call_id in ("call-1", "root.2", "appel-café-☎"):
        assert ours.generate_token("fn", call_id) == sdk.generate_token("fn", call_id)


def test_through_the_server(server: ServerProcess) -> None:
    sdk = sdk_module.SessionManager(secret_key=TEST_SECRET)
    with SessionManagerClient(server.address) as client:
        minted_here = client.generate_token("lookup_order", "root.2")
        assert sdk.validate_token("root.2", "lookup_order", minted_here) is True
        minted_there = sdk.generate_token("lookup_order", "root.2")
        assert client.validate_token("root.2", "lookup_order", minted_there) is True
        assert client.check_token("root.3", "lookup_order", minted_there).reason == (
            "call_id_mismatch"
        )

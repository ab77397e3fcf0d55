"""SessionManager in process: the SDK's method names over the core."""

import threading
import time
import uuid

import pytest

from sessionmanager import (
    DebugDisabledError,
    InvalidArgumentError,
    LimitExceededError,
    MetadataLimits,
    Reason,
    SessionManager,
)
from tests.conftest import FakeClock


@pytest.fixture
def manager(clock: FakeClock) -> SessionManager:
    return SessionManager(60, "secret", clock=clock, debug=True)


def test_create_session(manager: SessionManager) -> None:
    assert manager.create_session("call-1") == "call-1"
    generated = {manager.create_session() for _ in range(20)}
    assert len(generated) == 20
    assert all(uuid.UUID(value).version == 4 for value in generated)
    assert manager.create_session("") != ""
    with pytest.raises(InvalidArgumentError):
        manager.create_session("x" * 300)


def test_token_roundtrip_and_aliases(manager: SessionManager) -> None:
    token = manager.generate_token("get_weather", "call-1")
    tool_token = manager.create_tool_token("get_weather", "call-1")
    for candidate in (token, tool_token):
        assert manager.validate_token("call-1", "get_weather", candidate)
        assert manager.validate_tool_token("get_weather", candidate, "call-1")
        assert not manager.validate_token("call-2", "get_weather", candidate)
        assert not manager.validate_tool_token("other", candidate, "call-1")
    assert manager.check_token("call-1", "other", token) is Reason.FUNCTION_MISMATCH


def test_validation_never_raises(manager: SessionManager) -> None:
    assert manager.validate_token("c", "bad name!", "garbage") is False
    assert manager.validate_token("", "", "") is False
    assert manager.validate_tool_token("f", "A" * 10_000, "c") is False


def test_tokens_expire_with_the_lifetime(
    manager: SessionManager, clock: FakeClock
) -> None:
    token = manager.generate_token("fn", "call-1")
    clock.advance(59.9)
    assert manager.validate_token("call-1", "fn", token)
    clock.advance(0.1)
    assert manager.check_token("call-1", "fn", token) is Reason.EXPIRED


def test_random_secret_per_instance(clock: FakeClock) -> None:
    first = SessionManager(clock=clock)
    second = SessionManager(clock=clock)
    token = first.generate_token("fn", "c")
    assert first.validate_token("c", "fn", token)
    assert not second.validate_token("c", "fn", token)


def test_rotation_through_previous_keys(clock: FakeClock) -> None:
    old = SessionManager(secret_key="old", clock=clock)
    new = SessionManager(secret_key="new", previous_secret_keys=("old",), clock=clock)
    assert new.validate_token("c", "fn", old.generate_token("fn", "c"))


def test_debug_token(manager: SessionManager, clock: FakeClock) -> None:
    token = manager.generate_token("fn", "root.2")
    info = manager.debug_token(token)
    assert info["valid_format"] is True
    assert info["call_id"] == "root.2"
    assert info["function_name"] == "fn"
    assert info["expiry"] == int(clock.now) + 60
    assert info["expired"] is False and info["signature_valid"] is True
    assert manager.debug_token("nope")["valid_format"] is False


def test_debug_token_needs_debug_mode(clock: FakeClock) -> None:
    with pytest.raises(DebugDisabledError):
        SessionManager(secret_key="s", clock=clock).debug_token("x")


def test_metadata_mapping_and_key_value_forms(manager: SessionManager) -> None:
    assert manager.get_session_metadata("s") == {}
    assert manager.set_session_metadata("s", {"a": 1, "b": [1, 2]}) is True
    assert manager.set_session_metadata("s", "c", {"deep": None}) is True
    assert manager.get_session_metadata("s") == {
        "a": 1,
        "b": [1, 2],
        "c": {"deep": None},
    }
    assert manager.delete_session_metadata("s") is True
    assert manager.delete_session_metadata("s") is False


def test_metadata_argument_mistakes(manager: SessionManager) -> None:
    with pytest.raises(TypeError):
        manager.set_session_metadata("s", "key")  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        manager.set_session_metadata("s", {"a": 1}, 2)  # type: ignore[call-overload]
    with pytest.raises(InvalidArgumentError):
        manager.set_session_metadata("s", {"a": float("nan")})
    assert manager.get_session_metadata("s") == {}


def test_metadata_bounds(clock: FakeClock) -> None:
    manager = SessionManager(
        secret_key="s", limits=MetadataLimits(max_sessions=1), clock=clock
    )
    manager.set_session_metadata("a", {"x": 1})
    with pytest.raises(LimitExceededError):
        manager.set_session_metadata("b", {"x": 1})


def test_cleanup_defaults_to_the_token_lifetime(
    manager: SessionManager, clock: FakeClock
) -> None:
    manager.set_session_metadata("old", {"a": 1})
    clock.advance(30)
    manager.set_session_metadata("new", {"a": 1})
    clock.advance(31)
    assert manager.cleanup() == 1
    assert manager.cleanup(max_age_secs=10) == 1
    assert manager.get_session_metadata("new") == {}


def test_sweeper_runs_cleanup_on_a_timer(clock: FakeClock) -> None:
    manager = SessionManager(10, "s", clock=clock)
    manager.set_session_metadata("old", {"a": 1})
    clock.advance(11)
    swept = threading.Event()
    original_cleanup = manager.cleanup

    def cleanup(max_age_secs: float | None = None) -> int:
        removed = original_cleanup(max_age_secs)
        if removed:
            swept.set()
        return removed

    manager.cleanup = cleanup  # type: ignore[method-assign]
    manager.start_sweeper(interval_secs=0.01)
    try:
        assert swept.wait(timeout=5)
    finally:
        manager.stop_sweeper()
    assert manager.get_session_metadata("old") == {}
    with pytest.raises(ValueError):
        manager.start_sweeper(0)


def test_sweeper_cannot_start_twice(manager: SessionManager) -> None:
    manager.start_sweeper(interval_secs=60)
    try:
        with pytest.raises(RuntimeError):
            manager.start_sweeper(interval_secs=60)
    finally:
        started = time.monotonic()
        manager.stop_sweeper()
    assert time.monotonic() - started < 5

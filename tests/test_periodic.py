"""Background threads on a timer."""

import threading

import pytest

from sessionmanager.periodic import Periodic, sweeper


def test_sweeps_on_a_timer_until_stopped() -> None:
    calls: list[int] = []
    enough = threading.Event()

    def cleanup() -> int:
        calls.append(1)
        if len(calls) >= 3:
            enough.set()
        return 1

    periodic = sweeper(cleanup, 0.01)
    periodic.start()
    assert enough.wait(timeout=5)
    periodic.stop()
    count = len(calls)
    threading.Event().wait(0.05)
    assert len(calls) == count


def test_a_failing_sweep_is_logged_and_the_next_one_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts: list[int] = []
    recovered = threading.Event()

    def cleanup() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("store unreachable")
        recovered.set()
        return 0

    periodic = sweeper(cleanup, 0.01)
    periodic.start()
    try:
        assert recovered.wait(timeout=5)
    finally:
        periodic.stop()
    assert "session sweep failed" in caplog.text


def test_stop_before_start_is_harmless() -> None:
    Periodic(lambda: 0, 1, "idle").stop()


def test_interval_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Periodic(lambda: 0, 0, "never")

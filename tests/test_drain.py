"""SIGTERM and SIGINT drain the server: calls in flight finish, exit code 0."""

import asyncio
import signal
import time
from pathlib import Path

import pytest

from sessionmanager_client import AsyncSessionManagerClient, UnavailableError
from tests.conftest import start_server

CALLS = 48
CHECKS_PER_CALL = 1000


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_drain_finishes_calls_in_flight(tmp_path: Path, signum: int) -> None:
    running = start_server(tmp_path, "--grace-secs", "30")
    async with AsyncSessionManagerClient(running.address, timeout=60) as client:
        token = await client.generate_token("fn", "drain-call")
        checks = [("drain-call", "fn", token)] * CHECKS_PER_CALL
        finished_at: list[float] = []

        async def one_call() -> list[bool]:
            results = await client.validate_tokens(checks)
            finished_at.append(time.monotonic())
            return [result.valid for result in results]

        calls = [asyncio.create_task(one_call()) for _ in range(CALLS)]
        # Signal once the server is visibly busy: the first answer is back and
        # the rest are queued behind it on the server.
        while not finished_at:
            await asyncio.sleep(0.001)
        signalled_at = time.monotonic()
        running.process.send_signal(signum)
        outcomes = await asyncio.gather(*calls)

        # Every call sent before the signal was answered, in full and correctly.
        assert all(outcome == [True] * CHECKS_PER_CALL for outcome in outcomes)
        assert sum(1 for at in finished_at if at > signalled_at) > 0
        exit_code = await asyncio.to_thread(running.process.wait, 30)
        assert exit_code == 0, running.log()

        # Once drained, the port answers nothing.
        with pytest.raises(UnavailableError):
            await client.create_session(timeout=2)
    log = running.log()
    assert "draining" in log and "stopped" in log

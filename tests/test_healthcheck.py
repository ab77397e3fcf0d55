"""The container health check command against a live server."""

import subprocess
import sys

from sessionmanager.healthcheck import check
from tests.conftest import ServerProcess, free_port


def test_serving_server_passes(server: ServerProcess) -> None:
    assert check(server.address)
    done = subprocess.run(
        [sys.executable, "-m", "sessionmanager.healthcheck", server.address],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("SERVING")


def test_nothing_listening_fails() -> None:
    address = f"127.0.0.1:{free_port()}"
    assert not check(address, timeout=0.5)
    done = subprocess.run(
        [sys.executable, "-m", "sessionmanager.healthcheck", address],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1
    assert "NOT SERVING" in done.stdout

"""The ``sessionmanager serve`` command: settings, refusals, secrets in the log."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sessionmanager import SessionManager
from sessionmanager_client import SessionManagerClient
from tests.conftest import ServerProcess, start_server


def run_serve(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    child_env = {
        k: v for k, v in os.environ.items() if not k.startswith("SESSIONMANAGER_")
    }
    child_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "sessionmanager", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=child_env,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--listen", "0.0.0.0:50051"], "not a loopback address"),
        (["--listen", "nonsense"], "is not HOST:PORT"),
        (["--store", "postgres://127.0.0.1/x"], "must be 'memory' or a redis://"),
        (["--workers", "2"], "needs a store the processes share"),
        (
            [
                "--workers",
                "2",
                "--store",
                "redis://127.0.0.1:1/0",
                "--listen",
                "127.0.0.1:0",
            ],
            "needs a fixed port",
        ),
        (["--workers", "0"], "--workers must be positive"),
        (["--token-expiry-secs", "0"], "must be positive"),
        (["--max-sessions", "0"], "max_sessions must be positive"),
    ],
)
def test_refuses_to_start_with_a_clear_message(args: list[str], message: str) -> None:
    completed = run_serve(*args)
    assert completed.returncode == 2
    assert message in completed.stderr


def test_secret_mistakes_refuse_to_start() -> None:
    completed = run_serve(env={"SESSIONMANAGER_SECRET_KEY": ""})
    assert completed.returncode == 2
    assert "SESSIONMANAGER_SECRET_KEY is set but empty" in completed.stderr


def test_busy_port_refuses_to_start(tmp_path: Path) -> None:
    running = start_server(tmp_path)
    try:
        completed = run_serve("--listen", running.address)
        assert completed.returncode == 2
        assert "cannot listen" in completed.stderr
    finally:
        assert running.stop() == 0


def test_random_secret_warns(tmp_path: Path) -> None:
    running = start_server(tmp_path, env={})
    assert running.stop() == 0
    log = running.log()
    assert "secret from random" in log
    assert "WARNING" in log and "will not survive a restart" in log


@pytest.mark.parametrize("source", ["file", "signalwire"])
def test_secret_sources(tmp_path: Path, source: str) -> None:
    secret = "secret-from-" + source
    if source == "file":
        path = tmp_path / "secret.txt"
        path.write_text(secret + "\n")
        env = {"SESSIONMANAGER_SECRET_KEY_FILE": str(path)}
    else:
        env = {"SIGNALWIRE_SWAIG_SECRET": secret}
    running = start_server(tmp_path, env=env)
    try:
        local = SessionManager(secret_key=secret)
        with SessionManagerClient(running.address) as client:
            token = client.generate_token("fn", "c")
        assert local.validate_token("c", "fn", token)
    finally:
        assert running.stop() == 0
    assert secret not in running.log()


def test_port_zero_logs_the_chosen_port(tmp_path: Path) -> None:
    log_path = tmp_path / "log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sessionmanager",
                "serve",
                "--listen",
                "127.0.0.1:0",
            ],
            stderr=log,
            env={**os.environ, "SESSIONMANAGER_SECRET_KEY": "k"},
        )
    try:
        for _ in range(300):
            if "listening on" in log_path.read_text():
                break
            subprocess.run(["sleep", "0.05"], check=True)
        line = next(x for x in log_path.read_text().splitlines() if "listening on" in x)
        port = int(line.split("listening on 127.0.0.1:")[1].split()[0])
        assert port > 0
        with SessionManagerClient(f"127.0.0.1:{port}") as client:
            assert client.create_session("c") == "c"
    finally:
        process.terminate()
        assert process.wait(30) == 0


def test_help_lists_the_settings() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sessionmanager", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    for flag in (
        "--listen",
        "--token-expiry-secs",
        "--debug",
        "--store",
        "--grace-secs",
    ):
        assert flag in completed.stdout


def test_secret_rotation(tmp_path: Path) -> None:
    def server_with(secret: str, previous: list[str]) -> ServerProcess:
        env = {"SESSIONMANAGER_SECRET_KEY": secret}
        if previous:
            path = tmp_path / "previous"
            path.write_text("\n".join(previous) + "\n")
            env["SESSIONMANAGER_PREVIOUS_SECRET_KEYS_FILE"] = str(path)
        return start_server(tmp_path, env=env)

    before = server_with("secret-2026-11", [])
    with SessionManagerClient(before.address) as client:
        old_token = client.generate_token("fn", "rotating")
    assert before.stop() == 0

    # Step 1: the new secret signs, the old one still verifies.
    during = server_with("secret-2026-12", ["secret-2026-11"])
    with SessionManagerClient(during.address) as client:
        assert client.validate_token("rotating", "fn", old_token)
        new_token = client.generate_token("fn", "rotating")
    assert during.stop() == 0
    assert SessionManager(secret_key="secret-2026-12").validate_token(
        "rotating", "fn", new_token
    )
    assert "1 previous secrets" in during.log()
    assert "secret-2026" not in during.log()

    # Step 2, once old tokens have expired: the old secret is removed.
    after = server_with("secret-2026-12", [])
    with SessionManagerClient(after.address) as client:
        assert client.check_token("rotating", "fn", old_token).reason == "bad_signature"
        assert client.validate_token("rotating", "fn", new_token)
    assert after.stop() == 0


def test_open_address_refusal_says_what_to_configure() -> None:
    refused = run_serve("--listen", "0.0.0.0:50051")
    assert refused.returncode == 2
    for remedy in ("--tls-cert", "--api-keys-file", "127.0.0.1", "--insecure"):
        assert remedy in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tls-cert", "x"], "go together"),
        (["--tls-client-ca", "x"], "needs --tls-cert"),
        (["--leeway-secs", "-1"], "must not be negative"),
        (["--api-keys-file", "/nonexistent"], "cannot read"),
    ],
)
def test_security_settings_are_checked(args: list[str], message: str) -> None:
    completed = run_serve(*args)
    assert completed.returncode == 2
    assert message in completed.stderr

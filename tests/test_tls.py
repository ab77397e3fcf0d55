"""TLS and mutual TLS, with certificates made by the test and swapped on disk."""

import shutil
import time
from pathlib import Path

import pytest

from sessionmanager_client import (
    SessionManagerClient,
    SessionManagerClientError,
    UnavailableError,
    tls_credentials,
)
from tests.certs import Authority
from tests.conftest import start_server


def localhost(address: str) -> str:
    # Certificates name localhost and 127.0.0.1; use the name, as clients do.
    return "localhost:" + address.rsplit(":", 1)[1]


def test_tls(tmp_path: Path) -> None:
    authority = Authority(tmp_path, "ca")
    server_pair = authority.server("server")
    running = start_server(
        tmp_path, "--tls-cert", str(server_pair.cert), "--tls-key", str(server_pair.key)
    )
    try:
        credentials = tls_credentials(str(authority.cert_file))
        with SessionManagerClient(
            localhost(running.address), credentials=credentials
        ) as client:
            token = client.generate_token("fn", "tls-call")
            assert client.validate_token("tls-call", "fn", token)

        # A client that trusts another CA does not get through, nor does plaintext.
        stranger = Authority(tmp_path, "other-ca")
        with (
            SessionManagerClient(
                localhost(running.address),
                credentials=tls_credentials(str(stranger.cert_file)),
                timeout=3,
            ) as client,
            pytest.raises(UnavailableError),
        ):
            client.create_session()
        with (
            SessionManagerClient(running.address, timeout=3) as client,
            pytest.raises(UnavailableError),
        ):
            client.create_session()
    finally:
        assert running.stop() == 0
    assert "TLS, no caller authentication" in running.log()


def test_mutual_tls_requires_a_client_certificate(tmp_path: Path) -> None:
    authority = Authority(tmp_path, "ca")
    server_pair = authority.server("server")
    client_pair = authority.client("agent")
    running = start_server(
        tmp_path,
        "--tls-cert",
        str(server_pair.cert),
        "--tls-key",
        str(server_pair.key),
        "--tls-client-ca",
        str(authority.cert_file),
    )
    try:
        with SessionManagerClient(
            localhost(running.address),
            credentials=tls_credentials(
                str(authority.cert_file), str(client_pair.cert), str(client_pair.key)
            ),
        ) as client:
            assert client.create_session("mtls") == "mtls"

        with (
            SessionManagerClient(
                localhost(running.address),
                credentials=tls_credentials(str(authority.cert_file)),
                timeout=3,
            ) as client,
            pytest.raises(SessionManagerClientError),
        ):
            client.create_session()

        # A certificate from another CA is refused too.
        impostor = Authority(tmp_path, "impostor-ca").client("impostor")
        with (
            SessionManagerClient(
                localhost(running.address),
                credentials=tls_credentials(
                    str(authority.cert_file), str(impostor.cert), str(impostor.key)
                ),
                timeout=3,
            ) as client,
            pytest.raises(SessionManagerClientError),
        ):
            client.create_session()
    finally:
        assert running.stop() == 0
    assert "mTLS" in running.log()


def test_certificate_swapped_on_disk_is_picked_up(tmp_path: Path) -> None:
    old_ca = Authority(tmp_path, "old-ca")
    new_ca = Authority(tmp_path, "new-ca")
    old_pair, new_pair = old_ca.server("old"), new_ca.server("new")
    cert, key = tmp_path / "live.crt", tmp_path / "live.key"
    shutil.copy(old_pair.cert, cert)
    shutil.copy(old_pair.key, key)
    running = start_server(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key))

    def works(ca: Authority) -> bool:
        # A fresh channel each time: a new handshake sees the current files.
        with SessionManagerClient(
            localhost(running.address),
            credentials=tls_credentials(str(ca.cert_file)),
            timeout=3,
            options=[("grpc.use_local_subchannel_pool", 1)],
        ) as client:
            try:
                client.create_session()
            except UnavailableError:
                return False
            return True

    try:
        assert works(old_ca) and not works(new_ca)
        # Replace both files, as a certificate renewal does.
        shutil.copy(new_pair.key, key)
        shutil.copy(new_pair.cert, cert)
        deadline = time.monotonic() + 10
        while not works(new_ca):
            assert time.monotonic() < deadline, running.log()
        assert not works(old_ca)
    finally:
        assert running.stop() == 0
    assert "serving the new certificate" in running.log()


def test_unreadable_certificate_stops_the_start(tmp_path: Path) -> None:
    running_args = ["--tls-cert", str(tmp_path / "missing.crt"), "--tls-key", "x"]
    with pytest.raises(RuntimeError, match="cannot read"):
        start_server(tmp_path, *running_args)

"""Server settings and the signing secret's sources."""

from pathlib import Path

import pytest

from sessionmanager.apikeys import ApiKeys
from sessionmanager.config import (
    ConfigError,
    Secret,
    SecretSource,
    ServerConfig,
    load_secret,
    split_host_port,
)
from sessionmanager.tls import TlsFiles

SECRET = Secret("s3cr3t-value", SecretSource.ENV)


def test_secret_from_env_first() -> None:
    secret = load_secret(
        {"SESSIONMANAGER_SECRET_KEY": "a", "SIGNALWIRE_SWAIG_SECRET": "b"}
    )
    assert (secret.value, secret.source) == ("a", SecretSource.ENV)


def test_secret_from_file(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("from-file\n")
    secret = load_secret({"SESSIONMANAGER_SECRET_KEY_FILE": str(path)})
    assert (secret.value, secret.source) == ("from-file", SecretSource.FILE)


def test_signalwire_fallback() -> None:
    secret = load_secret({"SIGNALWIRE_SWAIG_SECRET": "sw"})
    assert (secret.value, secret.source) == ("sw", SecretSource.SIGNALWIRE_ENV)


def test_random_secret_without_any() -> None:
    first, second = load_secret({}), load_secret({})
    assert first.source is SecretSource.RANDOM
    assert len(first.value) == 64 and first.value != second.value


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SESSIONMANAGER_SECRET_KEY": ""}, "empty"),
        ({"SIGNALWIRE_SWAIG_SECRET": ""}, "empty"),
        (
            {"SESSIONMANAGER_SECRET_KEY": "a", "SESSIONMANAGER_SECRET_KEY_FILE": "/x"},
            "not both",
        ),
        ({"SESSIONMANAGER_SECRET_KEY_FILE": "/nonexistent/secret"}, "cannot read"),
    ],
)
def test_secret_mistakes(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_secret(environ)


@pytest.mark.parametrize(("content", "message"), [(b"\n", "empty"), (b"\xff", "UTF-8")])
def test_bad_secret_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "secret"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        load_secret({"SESSIONMANAGER_SECRET_KEY_FILE": str(path)})


def test_secret_never_in_repr() -> None:
    assert "s3cr3t-value" not in repr(SECRET)
    assert "s3cr3t-value" not in repr(ServerConfig(secret=SECRET))


@pytest.mark.parametrize(
    "listen", ["127.0.0.1:1", "localhost:50051", "[::1]:50051", "127.0.0.2:0"]
)
def test_loopback_addresses_are_fine(listen: str) -> None:
    assert ServerConfig(secret=SECRET, listen=listen).listen == listen


@pytest.mark.parametrize("listen", ["0.0.0.0:50051", "[::]:50051", "10.1.2.3:1"])
def test_open_addresses_need_the_insecure_flag(listen: str) -> None:
    with pytest.raises(ConfigError, match="not a loopback address"):
        ServerConfig(secret=SECRET, listen=listen)
    assert ServerConfig(secret=SECRET, listen=listen, insecure=True).insecure


def test_open_addresses_are_fine_with_keys_or_tls() -> None:
    keys = ApiKeys.parse("agent issue sk_0123456789abcdef", "test")
    tls = TlsFiles("server.crt", "server.key")
    assert ServerConfig(secret=SECRET, listen="0.0.0.0:50051", api_keys=keys).api_keys
    assert ServerConfig(secret=SECRET, listen="[::]:50051", tls=tls).tls == tls


@pytest.mark.parametrize("listen", ["50051", ":50051", "host:", "host:port", "h:70000"])
def test_malformed_addresses(listen: str) -> None:
    with pytest.raises(ConfigError, match="--listen"):
        split_host_port(listen)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("token_expiry_secs", 0),
        ("grace_secs", -1),
        ("sweep_interval_secs", 0),
        ("store", "postgres://localhost/sessions"),
        ("workers", 0),
        ("threads", 0),
    ],
)
def test_bad_settings(field: str, value: object) -> None:
    with pytest.raises(ConfigError):
        ServerConfig(secret=SECRET, **{field: value})  # type: ignore[arg-type]

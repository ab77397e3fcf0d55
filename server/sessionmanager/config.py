"""Server settings, and where the signing secret comes from."""

import enum
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sessionmanager.apikeys import ApiKeys, KeysFileError
from sessionmanager.signer import DEFAULT_LIFETIME_SECS
from sessionmanager.store.base import MetadataLimits
from sessionmanager.tls import TlsFiles

DEFAULT_LISTEN = "127.0.0.1:50051"
DEFAULT_THREADS = 4
"""RPC threads. The handlers hold Python's GIL for nearly all their time, and
under load each extra thread adds GIL hand-offs: 4 served 20-70 % more calls
a second than 16 with either store on a 2-core machine (bench/README.md)."""
SECRET_ENV = "SESSIONMANAGER_SECRET_KEY"  # noqa: S105 (a variable name)
SECRET_FILE_ENV = "SESSIONMANAGER_SECRET_KEY_FILE"  # noqa: S105
SIGNALWIRE_SECRET_ENV = "SIGNALWIRE_SWAIG_SECRET"  # noqa: S105
PREVIOUS_SECRETS_FILE_ENV = "SESSIONMANAGER_PREVIOUS_SECRET_KEYS_FILE"
API_KEYS_ENV = "SESSIONMANAGER_API_KEYS"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_SECRET_FILE_BYTES = 64 * 1024
REDIS_URL_ENV = "SESSIONMANAGER_REDIS_URL"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class ConfigError(Exception):
    """The settings cannot start a server; the message says what to change."""


class SecretSource(enum.Enum):
    """Where the signing secret came from; logged at start, never the secret."""

    ENV = SECRET_ENV
    FILE = SECRET_FILE_ENV
    SIGNALWIRE_ENV = SIGNALWIRE_SECRET_ENV
    RANDOM = "random"


@dataclass(frozen=True, slots=True)
class Secret:
    """The signing secret. Its repr never shows the value."""

    value: str = field(repr=False)
    source: SecretSource
    previous: tuple[str, ...] = field(default=(), repr=False)
    """Earlier secrets that still verify (rotation); they never sign."""


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything ``sessionmanager serve`` needs to run."""

    secret: Secret
    listen: str = DEFAULT_LISTEN
    token_expiry_secs: int = DEFAULT_LIFETIME_SECS
    debug: bool = False
    store: str = "memory"
    grace_secs: float = 10.0
    sweep_interval_secs: float = 60.0
    threads: int = DEFAULT_THREADS
    workers: int = 1
    single_use: bool = False
    leeway_secs: int = 0
    api_keys: ApiKeys | None = None
    tls: TlsFiles | None = None
    reflection: bool = True
    limits: MetadataLimits = field(default_factory=MetadataLimits)
    insecure: bool = False
    metrics_listen: str | None = None
    """HOST:PORT for the Prometheus metrics endpoint; None: no metrics."""

    def __post_init__(self) -> None:
        if self.token_expiry_secs <= 0:
            raise ConfigError("--token-expiry-secs must be positive")
        if self.grace_secs < 0:
            raise ConfigError("--grace-secs must not be negative")
        if self.sweep_interval_secs <= 0:
            raise ConfigError("--sweep-interval-secs must be positive")
        if self.threads <= 0:
            raise ConfigError("--threads must be positive")
        if self.store != "memory" and not self.store.startswith(REDIS_SCHEMES):
            raise ConfigError(
                "--store must be 'memory' or a redis:// (rediss://, unix://) URL"
            )
        if self.leeway_secs < 0:
            raise ConfigError("--leeway-secs must not be negative")
        if self.metrics_listen is not None:
            split_host_port(self.metrics_listen, flag="--metrics-listen")
        host, port = split_host_port(self.listen)
        if self.workers <= 0:
            raise ConfigError("--workers must be positive")
        if self.workers > 1 and self.store == "memory":
            raise ConfigError(
                f"--workers {self.workers} needs a store the processes share: each "
                "process would keep its own sessions, revocations and single-use "
                "records. Pass --store redis://HOST:PORT/DB, or run one worker."
            )
        if self.workers > 1 and port == 0:
            raise ConfigError("--workers needs a fixed port for the processes to share")
        protected = self.tls is not None or self.api_keys is not None
        if not is_loopback(host) and not protected and not self.insecure:
            raise ConfigError(
                f"refusing to listen on {self.listen}: it is not a loopback address, "
                "and this server has no TLS or caller authentication. Anyone who "
                "reaches the port could mint tokens. Configure --tls-cert/--tls-key "
                "(with --tls-client-ca for client certificates) or --api-keys-file, "
                "listen on 127.0.0.1, or pass --insecure to accept that risk."
            )


def split_host_port(address: str, flag: str = "--listen") -> tuple[str, int]:
    """``host:port`` or ``[v6]:port`` to its parts; ConfigError if malformed."""
    host, sep, port_text = address.rpartition(":")
    if not sep or not host or not port_text.isdigit():
        raise ConfigError(f"{flag} {address!r} is not HOST:PORT")
    port = int(port_text)
    if port > 65535:
        raise ConfigError(f"{flag} {address!r} has a port above 65535")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_secret(environ: Mapping[str, str] = os.environ) -> Secret:
    """The signing secret, from the first of these that is set:

    ``SESSIONMANAGER_SECRET_KEY``, the file named by
    ``SESSIONMANAGER_SECRET_KEY_FILE`` (one trailing newline is dropped),
    ``SIGNALWIRE_SWAIG_SECRET``. Without any, a random secret.
    """
    secret = _current_secret(environ)
    previous_path = environ.get(PREVIOUS_SECRETS_FILE_ENV)
    if previous_path is None:
        return secret
    lines = _read_secret_file(previous_path, PREVIOUS_SECRETS_FILE_ENV).splitlines()
    previous = tuple(line.strip() for line in lines if line.strip())
    return Secret(secret.value, secret.source, previous)


def load_api_keys(path: str | None, environ: Mapping[str, str]) -> ApiKeys | None:
    """API keys from ``--api-keys-file``, else ``SESSIONMANAGER_API_KEYS``."""
    try:
        if path is not None:
            return ApiKeys.parse(_read_text(path, "--api-keys-file"), path)
        text = environ.get(API_KEYS_ENV)
        return None if text is None else ApiKeys.parse(text, API_KEYS_ENV)
    except KeysFileError as exc:
        raise ConfigError(str(exc)) from None


def _current_secret(environ: Mapping[str, str]) -> Secret:
    direct = environ.get(SECRET_ENV)
    path = environ.get(SECRET_FILE_ENV)
    if direct is not None and path is not None:
        raise ConfigError(f"set {SECRET_ENV} or {SECRET_FILE_ENV}, not both")
    if direct is not None:
        if not direct:
            raise ConfigError(f"{SECRET_ENV} is set but empty")
        return Secret(direct, SecretSource.ENV)
    if path is not None:
        return Secret(_read_secret_file(path, SECRET_FILE_ENV), SecretSource.FILE)

    signalwire = environ.get(SIGNALWIRE_SECRET_ENV)
    if signalwire is not None:
        if not signalwire:
            raise ConfigError(f"{SIGNALWIRE_SECRET_ENV} is set but empty")
        return Secret(signalwire, SecretSource.SIGNALWIRE_ENV)
    return Secret(secrets.token_hex(32), SecretSource.RANDOM)


def _read_text(path: str, what: str) -> str:
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SECRET_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            f"cannot read the file named by {what}: {exc.strerror}"
        ) from None
    if len(raw) > MAX_SECRET_FILE_BYTES:
        raise ConfigError(
            f"the file named by {what} is larger than {MAX_SECRET_FILE_BYTES} B"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"the file named by {what} is not UTF-8 text") from None


def _read_secret_file(path: str, what: str) -> str:
    text = _read_text(path, what).removesuffix("\n").removesuffix("\r")
    if not text:
        raise ConfigError(f"the secret file named by {what} is empty")
    return text

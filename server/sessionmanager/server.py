"""Assembles and runs the gRPC server: service, health, reflection, drain.

The server is gRPC's thread-pool server. Measured side by side against
grpc.aio with the same handlers, it served as many calls per second or more,
with less CPU per call (bench/README.md has the figures).
"""

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent import futures
from types import FrameType

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from sessionmanager.auth import ApiKeyInterceptor
from sessionmanager.config import MAX_MESSAGE_BYTES, SecretSource, ServerConfig
from sessionmanager.errors import StoreUnavailableError
from sessionmanager.metrics import MeteredStore, Metrics, MetricsInterceptor
from sessionmanager.periodic import Periodic, sweeper
from sessionmanager.service import SessionManagerService
from sessionmanager.signer import TokenSigner
from sessionmanager.store.base import MetadataStore
from sessionmanager.store.memory import MemoryStore
from sessionmanager.store.redis import RedisStore
from sessionmanager.tls import ReloadingCertificates, TlsConfigError
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc

logger = logging.getLogger(__name__)

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["SessionManagerService"].full_name
HEALTH_SERVICE_NAME: str = health_pb2.DESCRIPTOR.services_by_name["Health"].full_name

STORE_HEALTH_NAME = "sessionmanager.store"
"""Health service name that says whether the store answers."""

STORE_PROBE_SECS = 1.0

SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    # Clients look a service name up again only when a connection closes, so
    # connections are recycled for replicas added later to get their share.
    ("grpc.max_connection_age_ms", 300_000),
    ("grpc.max_connection_age_grace_ms", 30_000),
    # One process owns its port: a second server on the same port must fail
    # to start rather than silently take half of the connections.
    ("grpc.so_reuseport", 0),
]


def server_options(shared_port: bool) -> list[tuple[str, int]]:
    """SERVER_OPTIONS, with SO_REUSEPORT on when worker processes share a port."""
    if not shared_port:
        return SERVER_OPTIONS
    return [*SERVER_OPTIONS[:-1], ("grpc.so_reuseport", 1)]


DRAIN_QUIET_SECS = 0.25
"""On drain, shutdown starts once no call has started for this long."""


class ServerError(Exception):
    """The server could not start."""


def make_store(config: ServerConfig) -> MetadataStore:
    if config.store == "memory":
        return MemoryStore(config.limits)
    return RedisStore(
        config.store,
        session_lifetime_secs=config.token_expiry_secs,
        limits=config.limits,
    )


class StoreMonitor:
    """Probes the store every second and reports it as a health service.

    Calls that need the store fail on their own while it is down; this makes
    the state visible to probes and operators, and logs each change once.
    """

    def __init__(self, store: MetadataStore, health: health.HealthServicer) -> None:
        self._store = store
        self._health = health
        self._answering: bool | None = None
        self._prober = Periodic(self.probe, STORE_PROBE_SECS, "store probe")

    def start(self) -> None:
        self.probe()
        self._prober.start()

    def stop(self) -> None:
        self._prober.stop()

    def probe(self) -> None:
        try:
            self._store.ping()
        except StoreUnavailableError as exc:
            if self._answering is not False:
                logger.warning("%s", exc)
            self._set(answering=False)
        else:
            if self._answering is False:
                logger.info("the store at %s answers again", self._store.description)
            self._set(answering=True)

    def _set(self, *, answering: bool) -> None:
        self._answering = answering
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if answering
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        self._health.set(STORE_HEALTH_NAME, status)


class Server:
    """One SessionManager server process: start, serve until told, drain."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.signer = TokenSigner(
            config.secret.value,
            previous_secrets=config.secret.previous,
            lifetime_secs=config.token_expiry_secs,
            leeway_secs=config.leeway_secs,
        )
        self.store: MetadataStore = make_store(config)
        self.metrics: Metrics | None = None
        self.metrics_port = 0
        interceptors: list[grpc.ServerInterceptor] = []
        if config.metrics_listen is not None:
            self.metrics = Metrics()
            self.metrics.watch_sessions(self.store)
            self.store = MeteredStore(self.store, self.metrics)
            # First, so that calls refused by the next interceptors count too.
            interceptors.append(MetricsInterceptor(self.metrics))
        if config.api_keys:
            interceptors.append(ApiKeyInterceptor(config.api_keys))
        self.port = 0
        self._stopping = threading.Event()
        self._sweeper = sweeper(self._sweep, config.sweep_interval_secs)
        self._server = grpc.server(
            futures.ThreadPoolExecutor(
                max_workers=config.threads, thread_name_prefix="rpc"
            ),
            options=server_options(shared_port=config.workers > 1),
            interceptors=interceptors,
        )

        service = SessionManagerService(
            self.signer,
            self.store,
            debug=config.debug,
            single_use=config.single_use,
            on_validated=self.metrics.validated if self.metrics else None,
        )
        self.calls = service.calls
        pb_grpc.add_SessionManagerServiceServicer_to_server(service, self._server)
        # Watch streams get a thread of their own instead of holding RPC threads.
        self.health = health.HealthServicer(
            experimental_non_blocking=True,
            experimental_thread_pool=futures.ThreadPoolExecutor(max_workers=1),
        )
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self._server)
        if config.reflection:
            reflection.enable_server_reflection(
                (SERVICE_NAME, HEALTH_SERVICE_NAME, reflection.SERVICE_NAME),
                self._server,
            )
        self._monitor = StoreMonitor(self.store, self.health)

    def add_service(self, register: Callable[[grpc.Server], None]) -> None:
        """Register another service before start, as generated code does
        (``add_XServicer_to_server``): it shares this server's port, options,
        threads and interceptors."""
        register(self._server)

    def start(self) -> None:
        try:
            if self.config.tls is None:
                self.port = self._server.add_insecure_port(self.config.listen)
            else:
                certificates = ReloadingCertificates(self.config.tls)
                self.port = self._server.add_secure_port(
                    self.config.listen, certificates.credentials()
                )
        except TlsConfigError as exc:
            raise ServerError(str(exc)) from None
        except RuntimeError as exc:
            raise ServerError(f"cannot listen on {self.config.listen}: {exc}") from None
        if self.port == 0:
            raise ServerError(f"cannot listen on {self.config.listen}")
        if self.metrics is not None and self.config.metrics_listen is not None:
            try:
                self.metrics_port = self.metrics.serve(self.config.metrics_listen)
            except OSError as exc:
                raise ServerError(
                    f"cannot serve metrics on {self.config.metrics_listen}: {exc}"
                ) from None
        self._server.start()

        for service in ("", SERVICE_NAME):
            self.health.set(service, health_pb2.HealthCheckResponse.SERVING)
        self._monitor.start()
        self._sweeper.start()

        host = self.config.listen.rpartition(":")[0]
        logger.info(
            "listening on %s:%d (%s, store=%s, token lifetime=%ds, debug=%s, "
            "single-use=%s, secret from %s)",
            host,
            self.port,
            self._protection(),
            self.store.description,
            self.config.token_expiry_secs,
            "on" if self.config.debug else "off",
            "on" if self.config.single_use else "off",
            self.config.secret.source.value,
        )
        if self.config.secret.source is SecretSource.RANDOM:
            logger.warning(
                "no secret configured: signing with a random one, so tokens will "
                "not survive a restart nor validate on another replica; set "
                "SESSIONMANAGER_SECRET_KEY or SESSIONMANAGER_SECRET_KEY_FILE"
            )

    def _protection(self) -> str:
        tls = self.config.tls
        transport = "plaintext" if tls is None else "mTLS" if tls.client_ca else "TLS"
        keys = self.config.api_keys
        callers = f"{len(keys)} API keys" if keys else "no caller authentication"
        previous = len(self.config.secret.previous)
        return f"{transport}, {callers}, {previous} previous secrets"

    def request_stop(self) -> None:
        """Begin draining; safe to call from a signal handler, more than once."""
        self._stopping.set()

    def wait_and_drain(self) -> None:
        """Serve until request_stop, then drain within the grace period."""
        self._stopping.wait()
        logger.info(
            "draining: health is NOT_SERVING, finishing calls in flight (grace %ss)",
            self.config.grace_secs,
        )
        deadline = time.monotonic() + self.config.grace_secs
        self.health.enter_graceful_shutdown()
        # Keep answering until calls stop arriving (clients watching health
        # move away), so no call that reached us is cancelled by the shutdown.
        while self.calls.quiet_for() < DRAIN_QUIET_SECS and time.monotonic() < deadline:
            time.sleep(DRAIN_QUIET_SECS / 4)
        self._sweeper.stop()
        self._monitor.stop()
        self._server.stop(max(0.0, deadline - time.monotonic())).wait()
        if self.metrics is not None:
            self.metrics.stop()
        self.store.close()
        logger.info("stopped")

    def _sweep(self) -> int:
        # Redis expires idle sessions itself; the sweep also keeps its index
        # of sessions short.
        return self.store.cleanup(self.config.token_expiry_secs)


def serve(
    config: ServerConfig, on_started: Callable[[Server], None] | None = None
) -> None:
    """Run a server until SIGTERM or SIGINT, then drain and return."""
    server = Server(config)
    server.start()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        server.request_stop()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    if on_started is not None:
        on_started(server)
    server.wait_and_drain()

"""Assembles and runs the gRPC server: service, health, reflection, drain.

The server runs on grpc.aio: measured against the thread-pool server with the
same handlers, it answers more calls per second at every concurrency tried
(see bench/README.md).
"""

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Callable

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from sessionmanager.config import MAX_MESSAGE_BYTES, SecretSource, ServerConfig
from sessionmanager.service import SessionManagerService
from sessionmanager.signer import TokenSigner
from sessionmanager.store.base import MetadataStore
from sessionmanager.store.memory import AsyncMemoryStore, MemoryStore
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc

logger = logging.getLogger(__name__)

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["SessionManagerService"].full_name

SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    # One process owns its port: a second server on the same port must fail
    # to start rather than silently take half of the connections.
    ("grpc.so_reuseport", 0),
]


DRAIN_QUIET_SECS = 0.25
"""On drain, shutdown starts once no call has started for this long."""


class ServerError(Exception):
    """The server could not start."""


def make_store(config: ServerConfig) -> MetadataStore:
    return AsyncMemoryStore(MemoryStore(config.limits))


class Server:
    """One SessionManager server process: start, serve until told, drain."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.signer = TokenSigner(
            config.secret.value, lifetime_secs=config.token_expiry_secs
        )
        self.store = make_store(config)
        self.health = health.aio.HealthServicer()
        self.port = 0
        self._server = grpc.aio.server(options=SERVER_OPTIONS)
        self._stopping = asyncio.Event()
        self._sweeper: asyncio.Task[None] | None = None

        service = SessionManagerService(self.signer, self.store, debug=config.debug)
        self.calls = service.calls
        pb_grpc.add_SessionManagerServiceServicer_to_server(service, self._server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self._server)
        reflection.enable_server_reflection(
            (
                SERVICE_NAME,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ),
            self._server,
        )

    async def start(self) -> None:
        try:
            self.port = self._server.add_insecure_port(self.config.listen)
        except RuntimeError as exc:
            raise ServerError(f"cannot listen on {self.config.listen}: {exc}") from None
        if self.port == 0:
            raise ServerError(f"cannot listen on {self.config.listen}")
        await self._server.start()

        for service in ("", SERVICE_NAME):
            await self.health.set(service, health_pb2.HealthCheckResponse.SERVING)
        self._sweeper = asyncio.create_task(self._sweep(), name="session-sweeper")

        host = self.config.listen.rpartition(":")[0]
        logger.info(
            "listening on %s:%d (store=%s, token lifetime=%ds, debug=%s, "
            "secret from %s)",
            host,
            self.port,
            self.config.store,
            self.config.token_expiry_secs,
            "on" if self.config.debug else "off",
            self.config.secret.source.value,
        )
        if self.config.secret.source is SecretSource.RANDOM:
            logger.warning(
                "no secret configured: signing with a random one, so tokens will "
                "not survive a restart nor validate on another replica; set "
                "SESSIONMANAGER_SECRET_KEY or SESSIONMANAGER_SECRET_KEY_FILE"
            )

    def request_stop(self) -> None:
        """Begin draining; safe to call from a signal handler, more than once."""
        self._stopping.set()

    async def wait_and_drain(self) -> None:
        """Serve until request_stop, then drain within the grace period."""
        await self._stopping.wait()
        logger.info(
            "draining: health is NOT_SERVING, finishing calls in flight (grace %ss)",
            self.config.grace_secs,
        )
        deadline = time.monotonic() + self.config.grace_secs
        await self.health.enter_graceful_shutdown()
        # Keep answering until calls stop arriving (clients watching health
        # move away), so no call that reached us is cancelled by the shutdown.
        while self.calls.quiet_for() < DRAIN_QUIET_SECS and time.monotonic() < deadline:
            await asyncio.sleep(DRAIN_QUIET_SECS / 4)
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        await self._server.stop(max(0.0, deadline - time.monotonic()))
        await self.store.close()
        logger.info("stopped")

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self.config.sweep_interval_secs)
            try:
                removed = await self.store.cleanup(self.config.token_expiry_secs)
            except Exception:
                logger.exception("session sweep failed")
                continue
            if removed:
                logger.info(
                    "swept %d sessions idle for over %ds",
                    removed,
                    self.config.token_expiry_secs,
                )


async def serve(
    config: ServerConfig, on_started: Callable[[Server], None] | None = None
) -> None:
    """Run a server until SIGTERM or SIGINT, then drain and return."""
    server = Server(config)
    await server.start()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, server.request_stop)
    if on_started is not None:
        on_started(server)
    await server.wait_and_drain()

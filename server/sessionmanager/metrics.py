"""Prometheus metrics: calls, validations, store operations, sessions held.

Off unless ``--metrics-listen`` is given; then a ``Metrics`` instance owns a
registry served over HTTP at ``/metrics``, a server interceptor counts and
times every call of every service on the gRPC server, the service reports
each token it validates, and a ``MeteredStore`` wraps the store.

Call metrics use the names of the widely used go-grpc-prometheus middleware
(``grpc_server_started_total``, ``grpc_server_handled_total``,
``grpc_server_handling_seconds``) so existing dashboards work as they are.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from threading import Thread
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIServer

import grpc
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    start_http_server,
)

from sessionmanager.config import split_host_port
from sessionmanager.errors import StoreUnavailableError
from sessionmanager.signer import Reason
from sessionmanager.store.base import (
    Admission,
    AdmissionRequest,
    JsonObject,
    MergeResult,
    MetadataStore,
)

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# Buckets from 100 µs to 5 s: a token call takes a fraction of a millisecond,
# a store call over a network a few milliseconds.
LATENCY_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
)


class Metrics:
    """Every metric of one server process, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        labels = ("grpc_type", "grpc_service", "grpc_method")
        self.started = Counter(
            "grpc_server_started_total",
            "RPCs started on the server.",
            labels,
            registry=self.registry,
        )
        self.handled = Counter(
            "grpc_server_handled_total",
            "RPCs completed on the server, by status code.",
            (*labels, "grpc_code"),
            registry=self.registry,
        )
        self.handling_seconds = Histogram(
            "grpc_server_handling_seconds",
            "Time from the start of an RPC's handler to its end.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.validations = Counter(
            "sessionmanager_validations_total",
            "Tokens validated, by outcome and reason (each token of a batch).",
            ("outcome", "reason"),
            registry=self.registry,
        )
        self.store_operations = Counter(
            "sessionmanager_store_operations_total",
            "Metadata store operations, by result (ok or error).",
            ("store", "operation", "result"),
            registry=self.registry,
        )
        self.sessions = Gauge(
            "sessionmanager_sessions",
            "Sessions held by the store (read when scraped).",
            registry=self.registry,
        )
        self._validation_children = {
            reason: self.validations.labels(
                "valid" if reason is Reason.VALID else "invalid", reason.name
            )
            for reason in Reason
        }
        self._server: WSGIServer | None = None
        self._thread: Thread | None = None

    def validated(self, reason: Reason) -> None:
        """Count one token's validation."""
        self._validation_children[reason].inc()

    def watch_sessions(self, store: MetadataStore) -> None:
        """Report ``store``'s session count as the sessions gauge."""

        def count() -> float:
            try:
                return float(store.session_count())
            except StoreUnavailableError:
                return float("nan")

        self.sessions.set_function(count)

    def serve(self, address: str) -> int:
        """Serve ``/metrics`` over HTTP on ``address``; the port bound."""
        host, port = split_host_port(address, flag="--metrics-listen")
        self._server, self._thread = start_http_server(
            port, addr=host, registry=self.registry
        )
        bound: int = self._server.server_port
        logger.info("metrics on http://%s:%d/metrics", host, bound)
        return bound

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


# A method handler's behavior fields: (field, grpc_type label, streams out).
_BEHAVIORS = (
    ("unary_unary", "unary", False),
    ("unary_stream", "server_stream", True),
    ("stream_unary", "client_stream", False),
    ("stream_stream", "bidi_stream", True),
)


def _split_method(method: str) -> tuple[str, str]:
    service, _, name = method.lstrip("/").partition("/")
    return service, name


def _code_name(context: grpc.ServicerContext, failed: bool) -> str:
    code = context.code()  # type: ignore[attr-defined]
    if isinstance(code, grpc.StatusCode):
        return str(code.name)
    return "UNKNOWN" if failed else "OK"


class MetricsInterceptor(grpc.ServerInterceptor):
    """Counts and times the calls of every service on a thread-pool server."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        # method -> (the handler, its wrapper): registered handlers are made
        # once per method, so are their wrappers; a handler made per call
        # (an interceptor's refusal) is wrapped per call and not kept.
        self._wrapped: dict[str, tuple[Any, grpc.RpcMethodHandler[Any, Any]]] = {}

    def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method: str = handler_call_details.method
        known = self._wrapped.get(method)
        if known is not None and known[0] is handler:
            return known[1]
        wrapped = self._wrap(method, handler)
        if known is None:
            self._wrapped[method] = (handler, wrapped)
        return wrapped

    def _wrap(self, method: str, handler: Any) -> grpc.RpcMethodHandler[Any, Any]:
        service, name = _split_method(method)
        for field, kind, streams in _BEHAVIORS:
            behavior = getattr(handler, field)
            if behavior is not None:
                measure = self._streaming if streams else self._unary
                measured = measure(behavior, kind, service, name)
                wrapped: grpc.RpcMethodHandler[Any, Any] = handler._replace(
                    **{field: measured}
                )
                return wrapped
        return handler  # type: ignore[no-any-return]

    def _unary(
        self, behavior: Callable[[Any, Any], Any], kind: str, service: str, name: str
    ) -> Callable[[Any, grpc.ServicerContext], Any]:
        started = self._metrics.started.labels(kind, service, name)
        seconds = self._metrics.handling_seconds.labels(kind, service, name)
        handled = self._metrics.handled
        codes: dict[str, Any] = {}

        def measured(request: Any, context: grpc.ServicerContext) -> Any:
            started.inc()
            start = time.perf_counter()
            failed = True
            try:
                response = behavior(request, context)
                failed = False
                return response
            finally:
                seconds.observe(time.perf_counter() - start)
                code = _code_name(context, failed)
                counter = codes.get(code)
                if counter is None:
                    counter = codes[code] = handled.labels(kind, service, name, code)
                counter.inc()

        return measured

    def _streaming(
        self, behavior: Callable[[Any, Any], Any], kind: str, service: str, name: str
    ) -> Callable[[Any, grpc.ServicerContext], Iterator[Any]]:
        started = self._metrics.started.labels(kind, service, name)
        seconds = self._metrics.handling_seconds.labels(kind, service, name)
        handled = self._metrics.handled

        def measured(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started.inc()
            start = time.perf_counter()
            failed = True
            try:
                yield from behavior(request, context)
                failed = False
            finally:
                seconds.observe(time.perf_counter() - start)
                code = _code_name(context, failed)
                handled.labels(kind, service, name, code).inc()

        return measured


class MeteredStore:
    """A MetadataStore that counts each operation of the store it wraps."""

    def __init__(self, store: MetadataStore, metrics: Metrics) -> None:
        self._store = store
        self.limits = store.limits
        self.description = store.description
        kind = store.description.partition("://")[0]
        self._kind = "redis" if kind.startswith(("redis", "unix")) else kind
        self._counter = metrics.store_operations

    def _run(self, operation: str, call: Callable[[], _T]) -> _T:
        try:
            result = call()
        except StoreUnavailableError:
            self._counter.labels(self._kind, operation, "error").inc()
            raise
        self._counter.labels(self._kind, operation, "ok").inc()
        return result

    def get(self, session_id: str) -> JsonObject:
        return self._run("get", lambda: self._store.get(session_id))

    def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        return self._run("merge", lambda: self._store.merge(session_id, patch))

    def delete(self, session_id: str) -> bool:
        return self._run("delete", lambda: self._store.delete(session_id))

    def cleanup(self, max_age_secs: float) -> int:
        return self._run("cleanup", lambda: self._store.cleanup(max_age_secs))

    def revoke(self, call_id: str, refuse_expiry_upto: int, ttl_secs: float) -> None:
        self._run(
            "revoke", lambda: self._store.revoke(call_id, refuse_expiry_upto, ttl_secs)
        )

    def admit(
        self, call_id: str, expiry: int, claim: str | None, claim_ttl_secs: float
    ) -> Admission:
        return self._run(
            "admit",
            lambda: self._store.admit(call_id, expiry, claim, claim_ttl_secs),
        )

    def admit_many(self, requests: Sequence[AdmissionRequest]) -> list[Admission]:
        return self._run("admit_many", lambda: self._store.admit_many(requests))

    def session_count(self) -> int:
        return self._store.session_count()

    def ping(self) -> None:
        self._run("ping", self._store.ping)

    def close(self) -> None:
        self._store.close()

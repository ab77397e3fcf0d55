"""Log lines, as plain text or JSON, naming the call each line is about.

While a handler runs, the call's RPC name and request id are held in a
context variable; a filter on the log handler adds them to every record, so
any module's line about a request carries both. The request id is the
caller's ``x-request-id`` metadata when it is sent and sane, else a random
one, made only when a line needs it.
"""

import contextvars
import json
import logging
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import grpc

REQUEST_ID_HEADER = "x-request-id"
MAX_REQUEST_ID_CHARS = 64


class CallInfo:
    """The call a handler is serving: its RPC name and request id."""

    __slots__ = ("_context", "_request_id", "rpc")

    def __init__(self, rpc: str, context: grpc.ServicerContext | None) -> None:
        self.rpc = rpc
        self._context = context
        self._request_id: str | None = None

    @property
    def request_id(self) -> str:
        if self._request_id is None:
            self._request_id = _request_id_of(self._context)
        return self._request_id


def _request_id_of(context: grpc.ServicerContext | None) -> str:
    metadata = context.invocation_metadata() if context is not None else None
    for key, value in metadata or ():
        if key == REQUEST_ID_HEADER and isinstance(value, str) and _sane(value):
            return value
    return uuid.uuid4().hex[:16]


def _sane(request_id: str) -> bool:
    """Short printable ASCII without spaces: it is written into log lines."""
    return (
        0 < len(request_id) <= MAX_REQUEST_ID_CHARS
        and request_id.isascii()
        and request_id.isprintable()
        and " " not in request_id
    )


_CURRENT_CALL: contextvars.ContextVar[CallInfo | None] = contextvars.ContextVar(
    "sessionmanager_call", default=None
)


def enter_call(call: CallInfo) -> contextvars.Token[CallInfo | None]:
    """Mark this thread as serving ``call``; pass the result to ``leave_call``."""
    return _CURRENT_CALL.set(call)


def leave_call(token: contextvars.Token[CallInfo | None]) -> None:
    _CURRENT_CALL.reset(token)


def current_call() -> CallInfo | None:
    """The call being served by this thread, if any."""
    return _CURRENT_CALL.get()


class CallFilter(logging.Filter):
    """Adds ``rpc`` and ``request_id`` (None outside a call) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        call = _CURRENT_CALL.get()
        record.rpc = call.rpc if call is not None else None
        record.request_id = call.request_id if call is not None else None
        record.call = f" [{call.rpc} {call.request_id}]" if call is not None else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the call."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        rpc = getattr(record, "rpc", None)
        if rpc is not None:
            line["rpc"] = rpc
            line["request_id"] = getattr(record, "request_id", None)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(*, level: str, json_lines: bool, workers: int = 1) -> None:
    """Send log lines to stderr, as text or JSON, from the root logger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(CallFilter())
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        process = " [%(process)d]" if workers > 1 else ""
        handler.setFormatter(
            logging.Formatter(
                f"%(asctime)s %(levelname)s{process} %(name)s:%(call)s %(message)s"
            )
        )
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())

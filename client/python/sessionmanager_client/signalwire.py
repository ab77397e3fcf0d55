"""A drop-in for the SignalWire Python SDK's SessionManager, backed by the service.

An ``AgentBase`` mints a token into each secure SWAIG function's URL when it
renders SWML, and checks that token when the function is called. It does both
through ``self._session_manager``, an in-process ``SessionManager`` holding a
secret of its own. ``ServiceSessionManager`` has the same methods and asks a
SessionManager server instead, so every agent process sharing that server
accepts the tokens of every other, across restarts::

    class OrderAgent(AgentBase):
        def __init__(self) -> None:
            super().__init__(name="orders")
            self._session_manager = ServiceSessionManager("tokens:50051")

Under mypy the assignment needs ``# type: ignore[assignment]``: ``AgentBase``
types the attribute as the SDK's own class, and this one does not inherit it
(it would inherit a local secret with it).

Failures: ``validate_token``, ``validate_tool_token`` and ``debug_token`` never
raise; a token the service cannot be asked about is refused (fail closed) and a
warning is logged. Every other method raises the client's
``SessionManagerClientError`` subclasses, as the SDK's raises on bad input; the
SDK's agent catches a failed ``create_tool_token`` and renders the function
without a token, so its calls are refused.
"""

import base64
import binascii
import logging
import time
from datetime import datetime
from typing import Any

import grpc

from sessionmanager_client.client import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT_SECS,
    SessionManagerClient,
)
from sessionmanager_client.errors import (
    FailedPreconditionError,
    InvalidArgumentError,
    SessionManagerClientError,
)

logger = logging.getLogger(__name__)

DEBUG_DISABLED = {"error": "debug mode not enabled"}
"""What ``debug_token`` answers while ``_debug_mode`` is off, as the SDK does."""

_SHOWN_CHARS = 8
# Refusals caused by the values passed in, not by the service: logged at DEBUG.
_BAD_INPUT = (InvalidArgumentError, TypeError, UnicodeError)


class ServiceSessionManager:
    """The SDK's ``SessionManager`` interface over a SessionManager server.

    ``target``, ``credentials`` and ``api_key`` are those of
    ``SessionManagerClient``; ``timeout`` is each call's deadline in seconds
    (None: the client's own). Pass ``client`` to share an existing client
    instead: it is then not closed by ``close()``.

    The secret and the token lifetime live in the server (its
    ``--token-expiry-secs``): ``secret_key`` is None, and ``token_expiry_secs``
    is the number of seconds the last token minted here had left when it
    arrived, by this host's clock (None before the first). ``_debug_mode``
    gates ``debug_token`` as in the SDK; the server must also run with
    ``--debug``.
    """

    secret_key: None = None
    """The signing secret stays in the service; this object never holds it."""

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float | None = None,
        credentials: grpc.ChannelCredentials | None = None,
        api_key: str | None = None,
        client: SessionManagerClient | None = None,
    ) -> None:
        if client is not None and (credentials is not None or api_key is not None):
            raise ValueError("credentials and api_key belong to a client made here")
        self._owns_client = client is None
        self._client = client or SessionManagerClient(
            target,
            timeout=DEFAULT_TIMEOUT_SECS if timeout is None else timeout,
            credentials=credentials,
            api_key=api_key,
        )
        self._timeout = timeout
        self._debug_mode = False
        self.token_expiry_secs: int | None = None

    def __enter__(self) -> "ServiceSessionManager":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client's channel, unless the client was passed in."""
        if self._owns_client:
            self._client.close()

    def create_session(self, call_id: str | None = None) -> str:
        """``call_id``, or a new random id from the service."""
        return self._client.create_session(call_id, timeout=self._timeout)

    def generate_token(self, function_name: str, call_id: str) -> str:
        """A token for ``function_name`` in ``call_id``, signed by the service."""
        token = self._client.generate_token(
            function_name, call_id, timeout=self._timeout
        )
        self._note_lifetime(token)
        return token

    def create_tool_token(self, function_name: str, call_id: str) -> str:
        """The same as ``generate_token``; the name the SDK's agent calls."""
        return self.generate_token(function_name, call_id)

    def validate_token(self, call_id: str, function_name: str, token: str) -> bool:
        """Whether the service accepts ``token``; False when it cannot be asked."""
        try:
            return self._client.validate_token(
                call_id, function_name, token, timeout=self._timeout
            )
        except (SessionManagerClientError, TypeError, ValueError) as exc:
            _log_refusal(exc, function_name, token)
            return False

    def validate_tool_token(self, function_name: str, token: str, call_id: str) -> bool:
        """``validate_token`` with the SDK's other argument order."""
        return self.validate_token(call_id, function_name, token)

    def activate_session(self, call_id: str) -> bool:
        """Announce the call to the service (CreateSession); True."""
        self._client.create_session(call_id, timeout=self._timeout)
        return True

    def end_session(self, call_id: str) -> bool:
        """Refuse the call's tokens minted so far and drop its metadata; True."""
        self._client.revoke_session(call_id, timeout=self._timeout)
        self._client.delete_session_metadata(call_id, timeout=self._timeout)
        return True

    def get_session_metadata(self, call_id: str) -> dict[str, Any]:
        """The call's metadata held by the service; {} when it has none."""
        return self._client.get_session_metadata(call_id, timeout=self._timeout)

    def set_session_metadata(self, call_id: str, key: str, value: Any) -> bool:
        """Merge ``{key: value}`` into the call's metadata; True."""
        return self._client.set_session_metadata(
            call_id, key, value, timeout=self._timeout
        )

    def debug_token(self, token: str) -> dict[str, Any]:
        """The token's fields in the SDK's shape, decoded by the service.

        Never raises: an answer the service will not give is ``{"error": ...}``.
        """
        if not self._debug_mode:
            return dict(DEBUG_DISABLED)
        try:
            info = self._client.debug_token(token, timeout=self._timeout)
        except FailedPreconditionError as exc:
            return {"error": exc.message}
        except (SessionManagerClientError, TypeError, ValueError) as exc:
            logger.debug("token service could not debug a token: %s", _describe(exc))
            return {"error": _describe(exc)}
        return _sdk_debug_shape(info, token)

    def _note_lifetime(self, token: str) -> None:
        fields = _token_fields(token)
        if fields is not None and fields[2].isdigit():
            self.token_expiry_secs = int(fields[2]) - int(time.time())


def _log_refusal(exc: Exception, function_name: str, token: str) -> None:
    """A refusal the service did not decide: a warning unless the input was bad."""
    level = logging.DEBUG if isinstance(exc, _BAD_INPUT) else logging.WARNING
    logger.log(
        level,
        "token for function %r (%s) refused without the service's answer: %s",
        function_name,
        _token_prefix(token),
        _describe(exc),
    )


def _describe(exc: Exception) -> str:
    if isinstance(exc, SessionManagerClientError):
        return f"{exc.code.name}: {exc.message}"
    return type(exc).__name__


def _token_prefix(token: object) -> str:
    if not isinstance(token, str):
        return "no token"
    return repr(token[:_SHOWN_CHARS] + "...")


def _token_fields(token: str) -> list[str] | None:
    """The five fields of a token, decoded here without checking anything."""
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    fields = text.rsplit(".", 4)
    return fields if len(fields) == 5 else None


def _shortened(text: str) -> str:
    return text[:_SHOWN_CHARS] + "..." if len(text) > _SHOWN_CHARS else text


def _sdk_debug_shape(info: dict[str, Any], token: str) -> dict[str, Any]:
    """The service's DebugToken answer as the SDK's ``debug_token`` shapes it."""
    if not info["valid_format"]:
        return {
            "valid_format": False,
            "error": info["error"],
            "token_length": len(token),
        }
    now = int(time.time())
    expiry: int = info["expiry"]
    expired: bool = info["expired"]
    fields = _token_fields(token)
    signature = fields[4] if fields is not None else ""
    return {
        "valid_format": True,
        "components": {
            "call_id": _shortened(info["call_id"]),
            "function": info["function_name"],
            "expiry": str(expiry),
            # Local time without a zone, as the SDK shows it.
            "expiry_date": datetime.fromtimestamp(expiry).isoformat(),
            "nonce": info["nonce"],
            "signature": signature[:_SHOWN_CHARS] + "...",
        },
        "status": {
            "current_time": now,
            "is_expired": expired,
            "expires_in_seconds": 0 if expired else max(expiry - now, 0),
            "signature_valid": info["signature_valid"],
        },
    }

"""The blocking client, with the SignalWire SDK's SessionManager method names."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar, cast, overload

import grpc

from sessionmanager.manager import NO_VALUE
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc
from sessionmanager_client import _plans as plans
from sessionmanager_client._plans import Validation
from sessionmanager_client.credentials import call_metadata
from sessionmanager_client.errors import (
    SessionManagerClientError,
    error_from_status,
    status_details_from,
)

DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_TIMEOUT_SECS = 5.0

_T = TypeVar("_T")


def rpc_error(exc: grpc.RpcError) -> SessionManagerClientError:
    """The client exception for a failed call."""
    call = cast(grpc.Call, exc)
    return error_from_status(
        call.code(), call.details() or "", status_details_from(call.trailing_metadata())
    )


class SessionManagerClient:
    """Calls a SessionManager server; every method blocks until the answer.

    ``target`` is ``host:port``. With ``credentials`` the channel uses TLS
    (see ``tls_credentials``). ``api_key`` is sent as ``authorization: Bearer``
    with every call, and so is ``metadata``.
    Each call has a deadline: ``timeout`` seconds unless the method is given
    its own. Failures raise SessionManagerClientError subclasses.
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECS,
        credentials: grpc.ChannelCredentials | None = None,
        api_key: str | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        if credentials is None:
            self._channel = grpc.insecure_channel(target, options=options)
        else:
            self._channel = grpc.secure_channel(target, credentials, options=options)
        self._stub = pb_grpc.SessionManagerServiceStub(self._channel)
        self._timeout = timeout
        self._metadata = call_metadata(metadata, api_key)

    def __enter__(self) -> "SessionManagerClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()

    def create_session(
        self, call_id: str | None = None, *, timeout: float | None = None
    ) -> str:
        """Return ``call_id``, or a new random id from the server."""
        return self._run(plans.create_session(call_id), timeout)

    def generate_token(
        self, function_name: str, call_id: str, *, timeout: float | None = None
    ) -> str:
        """Mint a token for ``function_name`` in call ``call_id``."""
        return self._run(plans.generate_token(function_name, call_id), timeout)

    def create_tool_token(
        self, function_name: str, call_id: str, *, timeout: float | None = None
    ) -> str:
        """The same as generate_token, through CreateToolToken."""
        return self._run(plans.create_tool_token(function_name, call_id), timeout)

    def validate_token(
        self,
        call_id: str,
        function_name: str,
        token: str,
        *,
        timeout: float | None = None,
    ) -> bool:
        """Whether ``token`` is valid for the call and the function."""
        plan = plans.check_token(call_id, function_name, token)
        return self._run(plan, timeout).valid

    def validate_tool_token(
        self,
        function_name: str,
        token: str,
        call_id: str,
        *,
        timeout: float | None = None,
    ) -> bool:
        """validate_token with the SDK's other argument order."""
        plan = plans.check_tool_token(function_name, token, call_id)
        return self._run(plan, timeout).valid

    def check_token(
        self,
        call_id: str,
        function_name: str,
        token: str,
        *,
        timeout: float | None = None,
    ) -> Validation:
        """Like validate_token, with the server's reason."""
        return self._run(plans.check_token(call_id, function_name, token), timeout)

    def validate_tokens(
        self,
        checks: Iterable[tuple[str, str, str]],
        *,
        timeout: float | None = None,
    ) -> list[Validation]:
        """Check many ``(call_id, function_name, token)`` in one call, in order."""
        return self._run(plans.validate_tokens(checks), timeout)

    def debug_token(
        self, token: str, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """A token's decoded fields; needs a server started with --debug."""
        return self._run(plans.debug_token(token), timeout)

    def get_session_metadata(
        self, session_id: str, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """The session's metadata; an empty dict when it is unknown."""
        return self._run(plans.get_session_metadata(session_id), timeout)

    @overload
    def set_session_metadata(
        self,
        session_id: str,
        metadata: Mapping[str, Any],
        /,
        *,
        timeout: float | None = None,
    ) -> bool: ...

    @overload
    def set_session_metadata(
        self, session_id: str, key: str, value: Any, /, *, timeout: float | None = None
    ) -> bool: ...

    def set_session_metadata(
        self,
        session_id: str,
        metadata: Mapping[str, Any] | str,
        value: Any = NO_VALUE,
        /,
        *,
        timeout: float | None = None,
    ) -> bool:
        """Merge top-level keys into the session: a mapping, or one key and value."""
        plan = plans.set_session_metadata(session_id, metadata, value)
        return self._run(plan, timeout)

    def delete_session_metadata(
        self, session_id: str, *, timeout: float | None = None
    ) -> bool:
        """Drop the session's metadata; whether it existed."""
        return self._run(plans.delete_session_metadata(session_id), timeout)

    def cleanup(
        self, max_age_secs: float | None = None, *, timeout: float | None = None
    ) -> int:
        """Remove sessions idle for longer than ``max_age_secs``; how many.

        The default age is the server's token lifetime.
        """
        return self._run(plans.cleanup(max_age_secs), timeout)

    def revoke_session(self, call_id: str, *, timeout: float | None = None) -> datetime:
        """Refuse every token minted so far for ``call_id``, on every replica.

        Returns the time until which the revocation holds; by then all those
        tokens have expired.
        """
        return self._run(plans.revoke_session(call_id), timeout)

    def _run(self, plan: plans.Plan[_T], timeout: float | None) -> _T:
        method = getattr(self._stub, plan.rpc)
        try:
            response = method(
                plan.request,
                timeout=self._timeout if timeout is None else timeout,
                metadata=self._metadata,
            )
        except grpc.RpcError as exc:
            raise rpc_error(exc) from None
        return plan.parse(response)

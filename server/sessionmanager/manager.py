"""SessionManager in process, with the SignalWire SDK's method names.

Python agents can use this instead of the SDK's class without a network hop:
the tokens are the same, and metadata is really kept (the SDK's class keeps
none).
"""

import secrets
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, overload

from sessionmanager.clock import Clock, system_clock
from sessionmanager.errors import DebugDisabledError
from sessionmanager.periodic import Periodic, sweeper
from sessionmanager.signer import (
    DEFAULT_LIFETIME_SECS,
    MalformedTokenError,
    Reason,
    TokenSigner,
    check_call_id,
)
from sessionmanager.store.base import JsonObject, MetadataLimits
from sessionmanager.store.memory import MemoryStore

NO_VALUE: Any = object()
"""Marks set_session_metadata called with a mapping rather than key and value."""


def metadata_patch(metadata: Mapping[str, Any] | str, value: Any) -> Mapping[str, Any]:
    """The mapping to merge, from either a mapping or one key and its value."""
    if isinstance(metadata, str):
        if value is NO_VALUE:
            raise TypeError("a key needs a value")
        return {metadata: value}
    if value is not NO_VALUE:
        raise TypeError("pass either a mapping, or a key and a value")
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping, not {type(metadata).__name__}")
    return metadata


def new_session_id() -> str:
    """A random session id from the operating system's CSPRNG."""
    return str(uuid.uuid4())


class SessionManager:
    """Mints and checks function tokens and keeps per-session metadata.

    Without ``secret_key`` a random one is made, as the SDK does; tokens then
    validate only in this object. ``previous_secret_keys`` still verify, for
    rotation. ``debug`` enables debug_token.
    """

    def __init__(
        self,
        token_expiry_secs: int = DEFAULT_LIFETIME_SECS,
        secret_key: str | None = None,
        *,
        previous_secret_keys: tuple[str, ...] = (),
        leeway_secs: int = 0,
        debug: bool = False,
        limits: MetadataLimits | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.token_expiry_secs = token_expiry_secs
        self.signer = TokenSigner(
            secret_key or secrets.token_hex(32),
            previous_secrets=previous_secret_keys,
            lifetime_secs=token_expiry_secs,
            leeway_secs=leeway_secs,
            clock=clock,
        )
        self.store = MemoryStore(limits, clock)
        self.debug = debug
        self._sweeper: Periodic | None = None

    def create_session(self, call_id: str | None = None) -> str:
        """Return ``call_id``, or a new random id when it is empty."""
        if not call_id:
            return new_session_id()
        check_call_id(call_id)
        return call_id

    def generate_token(self, function_name: str, call_id: str) -> str:
        """Mint a token for ``function_name`` in call ``call_id``.

        Raises InvalidArgumentError for a bad function name or call id.
        """
        return self.signer.sign(call_id, function_name).token

    def create_tool_token(self, function_name: str, call_id: str) -> str:
        """The same as generate_token."""
        return self.generate_token(function_name, call_id)

    def validate_token(self, call_id: str, function_name: str, token: str) -> bool:
        """Whether ``token`` is valid for the call and function; never raises."""
        return self.signer.is_valid(call_id, function_name, token)

    def validate_tool_token(self, function_name: str, token: str, call_id: str) -> bool:
        """validate_token with the arguments in the SDK's other order."""
        return self.validate_token(call_id, function_name, token)

    def check_token(self, call_id: str, function_name: str, token: str) -> Reason:
        """Like validate_token, but says why a token is refused."""
        return self.signer.verify(call_id, function_name, token)

    def debug_token(self, token: str) -> dict[str, Any]:
        """Decode a token's fields; raises DebugDisabledError unless debug is on."""
        if not self.debug:
            raise DebugDisabledError()
        try:
            info = self.signer.inspect(token)
        except MalformedTokenError as exc:
            return {"valid_format": False, "error": str(exc)}
        expiry = int(info.fields.expiry)
        return {
            "valid_format": True,
            "call_id": info.fields.call_id,
            "function_name": info.fields.function_name,
            "expiry": expiry,
            "expiry_date": datetime.fromtimestamp(expiry, UTC).isoformat(),
            "nonce": info.fields.nonce,
            "expired": info.expired,
            "signature_valid": info.signature_valid,
        }

    def get_session_metadata(self, session_id: str) -> JsonObject:
        """The session's metadata; an empty dict when it is unknown."""
        return self.store.get(session_id)

    @overload
    def set_session_metadata(
        self, session_id: str, metadata: Mapping[str, Any], /
    ) -> bool: ...

    @overload
    def set_session_metadata(
        self, session_id: str, key: str, value: Any, /
    ) -> bool: ...

    def set_session_metadata(
        self, session_id: str, metadata: Mapping[str, Any] | str, value: Any = NO_VALUE
    ) -> bool:
        """Merge top-level keys into the session's metadata.

        Takes either a mapping of keys, or one key and its value as the SDK's
        Python class does. Raises InvalidArgumentError or LimitExceededError,
        changing nothing, when the result would be invalid or too large.
        """
        self.store.merge(session_id, metadata_patch(metadata, value))
        return True

    def delete_session_metadata(self, session_id: str) -> bool:
        """Drop the session's metadata; whether it existed."""
        return self.store.delete(session_id)

    def cleanup(self, max_age_secs: float | None = None) -> int:
        """Remove sessions not written for longer than ``max_age_secs``.

        The default is the token lifetime: by then every token minted for the
        session has expired.
        """
        if max_age_secs is None:
            max_age_secs = self.token_expiry_secs
        return self.store.cleanup(max_age_secs)

    def start_sweeper(self, interval_secs: float = 60.0) -> None:
        """Run cleanup with the default age every ``interval_secs`` in a thread."""
        if self._sweeper is not None:
            raise RuntimeError("the sweeper is already running")
        self._sweeper = sweeper(self.cleanup, interval_secs)
        self._sweeper.start()

    def stop_sweeper(self) -> None:
        """Stop the sweeper thread and wait for it."""
        if self._sweeper is not None:
            self._sweeper.stop()
            self._sweeper = None

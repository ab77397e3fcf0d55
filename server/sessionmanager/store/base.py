"""What every metadata store promises, and the bounds they all enforce.

A session's metadata is one JSON object. A write merges top-level keys into
it and stamps the time; a session's age is the time since its last write, and
cleanup removes sessions older than a maximum age. Every store enforces the
same bounds with the same errors, and a write that breaks one changes nothing.
"""

import enum
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from sessionmanager.errors import InvalidArgumentError, LimitExceededError
from sessionmanager.signer import check_call_id

JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MetadataLimits:
    """Bounds on what the store holds. Defaults suit one process."""

    max_sessions: int = 100_000
    """Sessions held at once; a write that would add one more is refused."""
    max_keys: int = 100
    """Top-level keys in one session's metadata."""
    max_session_bytes: int = 16_384
    """Size of one session's metadata as compact UTF-8 JSON."""
    max_key_bytes: int = 256
    """Size of any object key, at any depth, as UTF-8."""
    max_depth: int = 16
    """Nesting of objects and lists below the top-level object."""

    def __post_init__(self) -> None:
        for name in ("max_sessions", "max_keys", "max_session_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_key_bytes <= 0 or self.max_depth <= 0:
            raise ValueError("max_key_bytes and max_depth must be positive")


@dataclass(frozen=True, slots=True)
class MergeResult:
    """A session's metadata after a merge, and the time it was stamped."""

    metadata: JsonObject
    updated_at: float


class Admission(enum.Enum):
    """What the store says of a token that passed every stateless check."""

    ADMITTED = "admitted"
    REVOKED = "revoked"
    REPLAYED = "replayed"


class AdmissionRequest(NamedTuple):
    """One ``admit`` call's arguments, for ``admit_many``."""

    call_id: str
    expiry: int
    claim: str | None
    claim_ttl_secs: float


class MetadataStore(Protocol):
    """The store interface the gRPC service uses.

    Methods may be called from many threads at once.
    """

    limits: MetadataLimits

    description: str
    """What the store is, for logs: never a password."""

    def get(self, session_id: str) -> JsonObject:
        """The session's metadata; an empty object when it is unknown."""
        ...

    def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        """Merge ``patch``'s top-level keys into the session and stamp it."""
        ...

    def delete(self, session_id: str) -> bool:
        """Drop the session; whether it existed."""
        ...

    def cleanup(self, max_age_secs: float) -> int:
        """Remove sessions not written for more than ``max_age_secs``."""
        ...

    def revoke(self, call_id: str, refuse_expiry_upto: int, ttl_secs: float) -> None:
        """Refuse tokens of ``call_id`` expiring up to ``refuse_expiry_upto``.

        The record is forgotten after ``ttl_secs``, once every such token has
        expired.
        """
        ...

    def admit(
        self, call_id: str, expiry: int, claim: str | None, claim_ttl_secs: float
    ) -> Admission:
        """Whether a token of ``call_id`` expiring at ``expiry`` may pass.

        With ``claim`` (single-use tokens), the first admission records it for
        ``claim_ttl_secs`` and any later one is REPLAYED. A revoked token
        claims nothing.
        """
        ...

    def admit_many(self, requests: Sequence[AdmissionRequest]) -> list[Admission]:
        """``admit`` for each request, in order, as one round trip.

        A claim made earlier in the same call counts: the same single-use
        token twice in one batch is ADMITTED, then REPLAYED.
        """
        ...

    def session_count(self) -> int:
        """Sessions held now (Redis: sessions in its index, which cleanup trims)."""
        ...

    def ping(self) -> None:
        """Return if the store answers; raise StoreUnavailableError if not."""
        ...

    def close(self) -> None:
        """Release connections and background work."""
        ...


def session_limit_error(limits: MetadataLimits) -> LimitExceededError:
    return LimitExceededError(
        "session_id",
        f"the store holds its maximum of {limits.max_sessions} sessions",
    )


def key_limit_error(limits: MetadataLimits) -> LimitExceededError:
    return LimitExceededError(
        "metadata",
        f"the session would have more than {limits.max_keys} top-level keys",
    )


def size_limit_error(limits: MetadataLimits) -> LimitExceededError:
    return LimitExceededError(
        "metadata",
        f"the session would hold more than {limits.max_session_bytes} bytes",
    )


def check_session_id(session_id: str) -> None:
    """Session ids follow the call id rules: non-empty, at most 256 bytes."""
    check_call_id(session_id, field="session_id")


def check_patch(patch: Mapping[str, Any], limits: MetadataLimits) -> None:
    """Raise InvalidArgumentError unless ``patch`` is a JSON object within bounds.

    Values must be what JSON can carry: objects with string keys, lists,
    strings, finite numbers, booleans and null.
    """
    if not isinstance(patch, Mapping):
        raise InvalidArgumentError("metadata", "must be an object")
    if len(patch) > limits.max_keys:
        raise InvalidArgumentError(
            "metadata", f"has more than {limits.max_keys} top-level keys"
        )
    _check_object(patch, "metadata", 0, limits)


def encode_json(value: Any) -> str:
    """Compact JSON, as every store measures and keeps it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def encode_metadata(metadata: Mapping[str, Any], limits: MetadataLimits) -> bytes:
    """Compact JSON of a merged object; LimitExceededError past the bounds."""
    if len(metadata) > limits.max_keys:
        raise key_limit_error(limits)
    encoded = encode_json(metadata).encode("utf-8")
    if len(encoded) > limits.max_session_bytes:
        raise size_limit_error(limits)
    return encoded


def _check_object(
    value: Mapping[Any, Any], path: str, depth: int, limits: MetadataLimits
) -> None:
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise InvalidArgumentError(path, "keys must be non-empty strings")
        try:
            key_bytes = len(key.encode("utf-8"))
        except UnicodeEncodeError:
            raise InvalidArgumentError(path, "keys must be valid UTF-8") from None
        if key_bytes > limits.max_key_bytes:
            raise InvalidArgumentError(
                path, f"keys must be at most {limits.max_key_bytes} bytes"
            )
        _check_value(item, f"{path}.{key}", depth, limits)


def _check_value(value: Any, path: str, depth: int, limits: MetadataLimits) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgumentError(path, "must be valid UTF-8") from None
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(path, "numbers must be finite")
        return
    if depth >= limits.max_depth:
        raise InvalidArgumentError(path, f"nests deeper than {limits.max_depth} levels")
    if isinstance(value, Mapping):
        _check_object(value, path, depth + 1, limits)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_value(item, f"{path}[{index}]", depth + 1, limits)
    else:
        raise InvalidArgumentError(path, f"{type(value).__name__} is not a JSON value")

"""The in-memory metadata store: the embedded default for one process.

Sessions are kept in write order, each as compact JSON bytes (a few hundred
bytes for a handful of short keys, far less than live Python objects), so
cleanup only looks at the sessions it removes. Thread-safe: the in-process
SessionManager may be shared between threads.
"""

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sessionmanager.clock import Clock, system_clock
from sessionmanager.signer import check_call_id
from sessionmanager.store.base import (
    Admission,
    AdmissionRequest,
    JsonObject,
    MergeResult,
    MetadataLimits,
    check_patch,
    check_session_id,
    encode_metadata,
    session_limit_error,
)


@dataclass(slots=True)
class _Session:
    updated_at: float
    data: bytes


class MemoryStore:
    """Session metadata in this process's memory, lost when it exits."""

    def __init__(
        self, limits: MetadataLimits | None = None, clock: Clock = system_clock
    ) -> None:
        self.limits = limits or MetadataLimits()
        self._clock = clock
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        # call id -> (refuse tokens expiring up to, forget at)
        self._revocations: dict[str, tuple[int, float]] = {}
        # single-use claim -> forget at
        self._claims: dict[str, float] = {}
        self._lock = threading.Lock()
        self.description = "memory"
        # Stamps never go backwards, so write order is also stamp order even
        # if the wall clock is stepped back; cleanup relies on that.
        self._last_stamp = 0.0

    def __len__(self) -> int:
        return len(self._sessions)

    def close(self) -> None:
        """Nothing to release: the sessions go with the process."""

    def get(self, session_id: str) -> JsonObject:
        """The session's metadata; an empty object when it is unknown."""
        check_session_id(session_id)
        session = self._sessions.get(session_id)
        if session is None:
            return {}
        result: JsonObject = json.loads(session.data)
        return result

    def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        """Merge ``patch``'s top-level keys into the session and stamp it.

        Raises InvalidArgumentError for a bad id or patch, LimitExceededError
        when the result would break a bound; either way nothing changes.
        """
        check_session_id(session_id)
        check_patch(patch, self.limits)

        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                if len(self._sessions) >= self.limits.max_sessions:
                    raise session_limit_error(self.limits)
                merged: JsonObject = dict(patch)
            else:
                merged = json.loads(session.data)
                merged.update(patch)
            data = encode_metadata(merged, self.limits)

            stamp = max(self._clock(), self._last_stamp)
            self._last_stamp = stamp
            if session is None:
                self._sessions[session_id] = _Session(stamp, data)
            else:
                session.updated_at = stamp
                session.data = data
                self._sessions.move_to_end(session_id)
        return MergeResult(json.loads(data), stamp)

    def delete(self, session_id: str) -> bool:
        """Drop the session; whether it existed."""
        check_session_id(session_id)
        with self._lock:
            return self._sessions.pop(session_id, None) is not None

    def revoke(self, call_id: str, refuse_expiry_upto: int, ttl_secs: float) -> None:
        """Refuse tokens of ``call_id`` expiring up to ``refuse_expiry_upto``."""
        check_call_id(call_id)
        with self._lock:
            self._revocations[call_id] = (refuse_expiry_upto, self._clock() + ttl_secs)

    def admit(
        self, call_id: str, expiry: int, claim: str | None, claim_ttl_secs: float
    ) -> Admission:
        """Whether a token of ``call_id`` expiring at ``expiry`` may pass."""
        now = self._clock()
        # One dict lookup is atomic: reading the revocations needs no lock,
        # so the common case (no claim) takes none. A claim is a
        # check-then-set, which must not interleave with another.
        revocation = self._revocations.get(call_id)
        if revocation is not None:
            refused_upto, forget_at = revocation
            if now < forget_at and expiry <= refused_upto:
                return Admission.REVOKED
        if claim is None:
            return Admission.ADMITTED
        with self._lock:
            claimed_until = self._claims.get(claim)
            if claimed_until is not None and now < claimed_until:
                return Admission.REPLAYED
            self._claims[claim] = now + claim_ttl_secs
        return Admission.ADMITTED

    def admit_many(self, requests: Sequence[AdmissionRequest]) -> list[Admission]:
        """``admit`` for each request, in order."""
        return [self.admit(*request) for request in requests]

    def session_count(self) -> int:
        """Sessions held now."""
        return len(self._sessions)

    def ping(self) -> None:
        """Always answers: the store is this process."""

    def cleanup(self, max_age_secs: float) -> int:
        """Remove sessions not written for more than ``max_age_secs``.

        Revocations and single-use claims past their time go too.
        """
        if max_age_secs < 0:
            raise ValueError("max_age_secs must not be negative")
        now = self._clock()
        cutoff = now - max_age_secs
        removed = 0
        with self._lock:
            self._revocations = {
                call_id: record
                for call_id, record in self._revocations.items()
                if record[1] > now
            }
            self._claims = {
                claim: forget_at
                for claim, forget_at in self._claims.items()
                if forget_at > now
            }
            while self._sessions:
                oldest_id, oldest = next(iter(self._sessions.items()))
                if oldest.updated_at >= cutoff:
                    break
                del self._sessions[oldest_id]
                removed += 1
        return removed

"""The Redis metadata store: shared state for any number of replicas.

Works with Redis 6.2 or newer and compatible servers (Valkey, managed Redis);
not with Redis Cluster, since one script touches a session and the index of
all sessions. Layout, under a prefix (``sm:`` by default):

- ``sm:{ID}:meta``: a hash per session. Each field is a top-level key as a
  JSON string and its value is the value as compact JSON, so that the size of
  the whole object as compact JSON is known from the field lengths alone. The
  field ``@`` (never a JSON string) holds the time of the last write, so a
  session with empty metadata still exists. The key expires one session
  lifetime after its last write.
- ``sm:sessions``: a sorted set of session ids by last write, for the session
  bound and for cleanup.
- ``sm:{ID}:revoked``: the latest expiry of the call's revoked tokens.
- ``sm:{ID}:used:SIGNATURE``: a single-use token already admitted.

Every write is one Lua script or one MULTI transaction, so it is atomic: many
clients merging keys into one session at once lose none.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from sessionmanager.clock import Clock, system_clock
from sessionmanager.errors import StoreUnavailableError
from sessionmanager.signer import check_call_id
from sessionmanager.store.base import (
    Admission,
    AdmissionRequest,
    JsonObject,
    MergeResult,
    MetadataLimits,
    check_patch,
    check_session_id,
    encode_json,
    key_limit_error,
    session_limit_error,
    size_limit_error,
)

_T = TypeVar("_T")
_STAMP_FIELD = "@"

# Merge the fields of ARGV[7..] into the session, within the bounds.
# KEYS: session hash, session index. ARGV: session id, now, lifetime in ms,
# max sessions, max keys, max bytes, then field/value pairs.
# Returns the merged hash, or -1 / -2 / -3 when the session count, key count
# or byte bound would be broken.
_MERGE = """
local now = tonumber(ARGV[2])
local lifetime_ms = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - lifetime_ms / 1000))
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return -1 end
end
local merged = {}
local current = redis.call('HGETALL', KEYS[1])
for i = 1, #current, 2 do merged[current[i]] = current[i + 1] end
merged['@'] = nil
for i = 7, #ARGV, 2 do merged[ARGV[i]] = ARGV[i + 1] end
local count, size = 0, 2
for field, value in pairs(merged) do
  if count > 0 then size = size + 1 end
  count = count + 1
  size = size + #field + 1 + #value
end
if count > tonumber(ARGV[5]) then return -2 end
if size > tonumber(ARGV[6]) then return -3 end
redis.call('HSET', KEYS[1], '@', ARGV[2], unpack(ARGV, 7))
redis.call('PEXPIRE', KEYS[1], lifetime_ms)
redis.call('ZADD', KEYS[2], now, ARGV[1])
return redis.call('HGETALL', KEYS[1])
"""

# Remove sessions last written before ARGV[1]; returns how many existed.
# KEYS: session index. ARGV: cutoff, key prefix, key suffix.
_CLEANUP = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local removed = 0
for _, id in ipairs(ids) do
  removed = removed + redis.call('DEL', ARGV[2] .. id .. ARGV[3])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
return removed
"""

# KEYS: revocation record, then the single-use claim if any.
# ARGV: the token's expiry, the claim's lifetime in ms.
# Returns 0 admitted, 1 revoked, 2 replayed.
_ADMIT = """
local refused_upto = redis.call('GET', KEYS[1])
if refused_upto and tonumber(ARGV[1]) <= tonumber(refused_upto) then return 1 end
if KEYS[2] and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  return 2
end
return 0
"""


_VERDICTS = (Admission.ADMITTED, Admission.REVOKED, Admission.REPLAYED)
"""What _ADMIT's answer means, by its value."""


def redact(url: str) -> str:
    """The URL without its password, for logs and errors."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


class RedisStore:
    """Session metadata, revocations and single-use claims in Redis."""

    def __init__(
        self,
        url: str,
        *,
        session_lifetime_secs: float,
        limits: MetadataLimits | None = None,
        clock: Clock = system_clock,
        prefix: str = "sm:",
        connect_timeout_secs: float = 1.0,
        timeout_secs: float = 2.0,
    ) -> None:
        if session_lifetime_secs <= 0:
            raise ValueError("the session lifetime must be positive")
        self.limits = limits or MetadataLimits()
        self.description = redact(url)
        self._lifetime_ms = round(session_lifetime_secs * 1000)
        self._clock = clock
        self._prefix = prefix
        self._index = f"{prefix}sessions"
        # One retry with no wait: it replaces a pooled connection that died
        # with a Redis restart, while a Redis that is down still fails fast.
        self._redis = redis.Redis.from_url(
            url,
            socket_connect_timeout=connect_timeout_secs,
            socket_timeout=timeout_secs,
            retry=Retry(NoBackoff(), 1),
            decode_responses=True,
        )
        self._merge = self._redis.register_script(_MERGE)
        self._cleanup = self._redis.register_script(_CLEANUP)
        self._admit = self._redis.register_script(_ADMIT)

    def get(self, session_id: str) -> JsonObject:
        """The session's metadata; an empty object when it is unknown."""
        check_session_id(session_id)
        key = self._meta_key(session_id)
        # decode_responses=True: Redis answers str, which the stubs do not know.
        fields = cast(dict[str, str], self._call(lambda: self._redis.hgetall(key)))
        return _decode(fields)

    def merge(self, session_id: str, patch: Mapping[str, Any]) -> MergeResult:
        """Merge ``patch``'s top-level keys into the session and stamp it."""
        check_session_id(session_id)
        check_patch(patch, self.limits)

        now = self._clock()
        pairs: list[str] = []
        for key, value in patch.items():
            pairs += (json.dumps(key, ensure_ascii=False), encode_json(value))
        args: list[str | int] = [
            session_id,
            repr(now),
            self._lifetime_ms,
            self.limits.max_sessions,
            self.limits.max_keys,
            self.limits.max_session_bytes,
            *pairs,
        ]
        keys = [self._meta_key(session_id), self._index]
        result = self._call(lambda: self._merge(keys=keys, args=args))
        if result == -1:
            raise session_limit_error(self.limits)
        if result == -2:
            raise key_limit_error(self.limits)
        if result == -3:
            raise size_limit_error(self.limits)
        fields: dict[str, str] = dict(zip(result[::2], result[1::2], strict=True))
        return MergeResult(_decode(fields), now)

    def delete(self, session_id: str) -> bool:
        """Drop the session; whether it existed."""
        check_session_id(session_id)

        def delete() -> bool:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self._meta_key(session_id))
                pipe.zrem(self._index, session_id)
                deleted, _ = pipe.execute()
            return bool(deleted)

        return self._call(delete)

    def cleanup(self, max_age_secs: float) -> int:
        """Remove sessions not written for more than ``max_age_secs``.

        Revocations and single-use claims need no cleanup: they expire.
        """
        if max_age_secs < 0:
            raise ValueError("max_age_secs must not be negative")
        cutoff = repr(self._clock() - max_age_secs)
        args = [cutoff, f"{self._prefix}{{", "}:meta"]
        removed = self._call(lambda: self._cleanup(keys=[self._index], args=args))
        return int(removed)

    def revoke(self, call_id: str, refuse_expiry_upto: int, ttl_secs: float) -> None:
        """Refuse tokens of ``call_id`` expiring up to ``refuse_expiry_upto``."""
        check_call_id(call_id)
        key = self._key(call_id, "revoked")
        ttl_ms = max(1, round(ttl_secs * 1000))
        self._call(lambda: self._redis.set(key, refuse_expiry_upto, px=ttl_ms))

    def admit(
        self, call_id: str, expiry: int, claim: str | None, claim_ttl_secs: float
    ) -> Admission:
        """Whether a token of ``call_id`` expiring at ``expiry`` may pass."""
        keys, args = self._admit_arguments(
            AdmissionRequest(call_id, expiry, claim, claim_ttl_secs)
        )
        verdict = self._call(lambda: self._admit(keys=keys, args=args))
        return _VERDICTS[verdict]

    def admit_many(self, requests: Sequence[AdmissionRequest]) -> list[Admission]:
        """``admit`` for each request, in order, pipelined in one round trip.

        Each admission is one script run, atomic on its own; Redis runs them
        in the order sent, so a claim made earlier in the batch counts.
        """
        if not requests:
            return []

        def run() -> list[int]:
            pipe = self._redis.pipeline(transaction=False)
            for request in requests:
                keys, args = self._admit_arguments(request)
                self._admit(keys=keys, args=args, client=pipe)
            return cast(list[int], pipe.execute())

        return [_VERDICTS[verdict] for verdict in self._call(run)]

    def _admit_arguments(
        self, request: AdmissionRequest
    ) -> tuple[list[str], list[int]]:
        keys = [self._key(request.call_id, "revoked")]
        if request.claim is not None:
            keys.append(self._key(request.call_id, f"used:{request.claim}"))
        return keys, [request.expiry, max(1, round(request.claim_ttl_secs * 1000))]

    def session_count(self) -> int:
        """Sessions in the index: written and not yet removed by cleanup."""
        return self._call(lambda: self._redis.zcard(self._index))

    def ping(self) -> None:
        """Return if Redis answers; raise StoreUnavailableError if not."""
        self._call(self._redis.ping)

    def close(self) -> None:
        """Close the connections to Redis."""
        self._redis.close()

    def _meta_key(self, session_id: str) -> str:
        return self._key(session_id, "meta")

    def _key(self, session_id: str, kind: str) -> str:
        # The braces make every key of one id hash to the same slot.
        return f"{self._prefix}{{{session_id}}}:{kind}"

    def _call(self, operation: Callable[[], _T]) -> _T:
        try:
            return operation()
        except redis.RedisError as exc:
            raise StoreUnavailableError(
                f"the store at {self.description} is unavailable: {exc}"
            ) from None


def _decode(fields: Mapping[str, str]) -> JsonObject:
    return {
        json.loads(field): json.loads(value)
        for field, value in fields.items()
        if field != _STAMP_FIELD
    }

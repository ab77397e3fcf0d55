"""API keys with scopes: who may call which RPC.

A keys file holds one key per line, ``NAME SCOPES KEY``, for example::

    # name        scopes                     key
    voice-agent   issue,validate,metadata    sk_live_5f0c...
    ops           admin                      sha256:9f86d081884c7d65...

``SCOPES`` is a comma-separated list of ``issue`` (CreateSession,
GenerateToken, CreateToolToken), ``validate`` (the Validate RPCs),
``metadata`` (the metadata RPCs) and ``admin`` (DebugToken, Cleanup,
RevokeSession). ``KEY`` is the key itself (at least 16 characters) or
``sha256:`` and the hex SHA-256 of it, so that the file need not hold the key.
Keys are kept only as SHA-256 digests and compared in constant time.
"""

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass

MIN_KEY_CHARS = 16
_HASHED = re.compile(r"sha256:([0-9a-f]{64})")


class Scope(enum.Enum):
    ISSUE = "issue"
    VALIDATE = "validate"
    METADATA = "metadata"
    ADMIN = "admin"


class KeysFileError(ValueError):
    """The keys file cannot be used; the message names the line."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A caller's key: its name (for logs), digest and scopes."""

    name: str
    digest: bytes
    scopes: frozenset[Scope]


class ApiKeys:
    """The keys a server accepts."""

    def __init__(self, keys: list[ApiKey]) -> None:
        if not keys:
            raise KeysFileError("no API keys are defined")
        self._keys = tuple(keys)

    def __len__(self) -> int:
        return len(self._keys)

    def authenticate(self, presented: str) -> ApiKey | None:
        """The key ``presented`` is, or None; takes the same time for any input."""
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found = None
        for key in self._keys:
            if hmac.compare_digest(digest, key.digest):
                found = key
        return found

    @classmethod
    def parse(cls, text: str, source: str) -> "ApiKeys":
        """Read keys in the file format above; KeysFileError names the line."""
        keys: list[ApiKey] = []
        names: set[str] = set()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{source}, line {number}"
            parts = line.split()
            if len(parts) != 3:
                raise KeysFileError(f"{where}: expected NAME SCOPES KEY")
            name, scope_list, secret = parts
            if name in names:
                raise KeysFileError(f"{where}: the name {name!r} is used twice")
            names.add(name)
            keys.append(
                ApiKey(name, _digest(secret, where), _scopes(scope_list, where))
            )
        return cls(keys)


def _scopes(text: str, where: str) -> frozenset[Scope]:
    try:
        return frozenset(Scope(part) for part in text.split(","))
    except ValueError:
        known = ", ".join(scope.value for scope in Scope)
        raise KeysFileError(f"{where}: scopes must be among {known}") from None


def _digest(secret: str, where: str) -> bytes:
    hashed = _HASHED.fullmatch(secret)
    if hashed:
        return bytes.fromhex(hashed.group(1))
    if secret.startswith("sha256:"):
        raise KeysFileError(f"{where}: sha256: must be followed by 64 lowercase hex")
    if len(secret) < MIN_KEY_CHARS:
        raise KeysFileError(
            f"{where}: a key must be at least {MIN_KEY_CHARS} characters"
        )
    return hashlib.sha256(secret.encode("utf-8")).digest()

"""Function tokens in the SignalWire SDK format, signed with HMAC-SHA256.

A token is the base64url encoding of five dot-separated fields::

    {call_id}.{function_name}.{expiry}.{nonce}.{signature}

where ``signature`` is the lowercase hex HMAC-SHA256, keyed with the UTF-8
bytes of the secret string, of ``{call_id}:{function_name}:{expiry}:{nonce}``.
``expiry`` is Unix seconds. Tokens minted here are exactly what the SignalWire
Python SDK mints (padded base64url, 16 hex characters of nonce), and tokens of
every SDK flavour are accepted (unpadded, longer nonces, dotted call ids).

Decoding is strict, so a token has one spelling only, and the signature is
checked in constant time over the raw field text rather than re-rendered
values. Function names are restricted to an identifier pattern on both ends:
since neither the function name, the expiry nor the nonce can contain ``:``,
the signed message names its call id unambiguously even when the call id
itself contains ``:`` or ``.``.
"""

import binascii
import enum
import hashlib
import hmac
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sessionmanager.clock import Clock, system_clock
from sessionmanager.errors import InvalidArgumentError

FUNCTION_NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""Function names allowed on generation and validation."""

MAX_FUNCTION_NAME_CHARS = 128
MAX_CALL_ID_BYTES = 256
MAX_TOKEN_CHARS = 2048
DEFAULT_LIFETIME_SECS = 900
NONCE_BYTES = 8
"""Random bytes in a minted nonce: 16 hex characters, as the Python SDK mints."""

_BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_BASE64URL_VALUE = {char: value for value, char in enumerate(_BASE64URL)}
_TO_STANDARD_ALPHABET = bytes.maketrans(b"-_", b"+/")
_TO_URLSAFE_ALPHABET = bytes.maketrans(b"+/", b"-_")
# Bits of the last character that encode nothing, by body length modulo 4.
_UNUSED_BITS = {2: 0b1111, 3: 0b11}
_LOWER_HEX = "0123456789abcdef"


class Reason(enum.Enum):
    """Why a token validated or not, in the order the checks run."""

    VALID = "valid"
    MALFORMED = "malformed"
    MISSING_CALL_ID = "missing_call_id"
    FUNCTION_MISMATCH = "function_mismatch"
    EXPIRED = "expired"
    BAD_SIGNATURE = "bad_signature"
    CALL_ID_MISMATCH = "call_id_mismatch"
    # The two below need state, so the signer never returns them: the
    # service asks the store once a token passes every check above.
    REVOKED = "revoked"
    REPLAYED = "replayed"


class IssuedToken(NamedTuple):
    """A freshly minted token and the Unix second it stops being valid."""

    token: str
    expiry: int


class TokenFields(NamedTuple):
    """The five fields of a decoded token, as raw text."""

    call_id: str
    function_name: str
    expiry: str
    nonce: str
    signature: str

    def signed_message(self) -> bytes:
        return _message(self.call_id, self.function_name, self.expiry, self.nonce)


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What DebugToken shows of a token that decodes into its five fields."""

    fields: TokenFields
    expired: bool
    signature_valid: bool


class HmacSha256:
    """HMAC-SHA256 under one key, with the key's two pad blocks hashed once.

    The standard construction, H((K ^ opad) || H((K ^ ipad) || message)),
    with both pad states computed at start and copied for each message: this
    saves the key set-up that a one-shot HMAC repeats on every call.
    """

    _BLOCK_BYTES = 64

    def __init__(self, key: bytes) -> None:
        if len(key) > self._BLOCK_BYTES:
            key = hashlib.sha256(key).digest()
        block = key.ljust(self._BLOCK_BYTES, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in block))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in block))

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


class MalformedTokenError(ValueError):
    """A token does not decode into five well-formed fields."""


def check_function_name(function_name: str, field: str = "function_name") -> None:
    """Raise InvalidArgumentError unless ``function_name`` may be signed."""
    if not function_name:
        raise InvalidArgumentError(field, "must not be empty")
    if len(function_name) > MAX_FUNCTION_NAME_CHARS:
        raise InvalidArgumentError(
            field, f"must be at most {MAX_FUNCTION_NAME_CHARS} characters"
        )
    if not FUNCTION_NAME_PATTERN.fullmatch(function_name):
        raise InvalidArgumentError(
            field, "must match ^[A-Za-z_][A-Za-z0-9_]*$ (letters, digits, underscore)"
        )


def check_call_id(call_id: str, field: str = "call_id") -> None:
    """Raise InvalidArgumentError unless ``call_id`` may be signed or stored."""
    if not call_id:
        raise InvalidArgumentError(field, "must not be empty")
    if call_id.isascii() and len(call_id) <= MAX_CALL_ID_BYTES:
        return  # one byte a character: nothing to encode or count
    try:
        size = len(call_id.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidArgumentError(field, "must be valid UTF-8") from None
    if size > MAX_CALL_ID_BYTES:
        raise InvalidArgumentError(
            field, f"must be at most {MAX_CALL_ID_BYTES} bytes of UTF-8"
        )


def check_token_length(token: str, field: str = "token") -> None:
    """Raise InvalidArgumentError if ``token`` is longer than any token can be."""
    if len(token) > MAX_TOKEN_CHARS:
        raise InvalidArgumentError(
            field, f"must be at most {MAX_TOKEN_CHARS} characters"
        )


def decode_token(token: str) -> TokenFields:
    """Split a token into its raw fields, strictly.

    Padded and unpadded base64url are both accepted, but nothing else: no
    other alphabet, no white space, no text after the padding, no non-zero
    trailing bits. Raises MalformedTokenError naming what is wrong.
    """
    return TokenFields(*_split_token(token))


def _split_token(token: str) -> list[str]:
    """decode_token's work, without building the named tuple (hot path).

    Padded and unpadded base64url are both accepted, but nothing else: no
    other alphabet, no white space, no text after the padding, no non-zero
    trailing bits. Raises MalformedTokenError naming what is wrong.
    """
    if not token:
        raise MalformedTokenError("token is empty")
    if len(token) > MAX_TOKEN_CHARS:
        raise MalformedTokenError("token is too long")
    # The standard alphabet's two characters would decode after translation.
    if "+" in token or "/" in token:
        raise MalformedTokenError("token is not base64url")

    padding = 2 if token.endswith("==") else 1 if token.endswith("=") else 0
    body_length = len(token) - padding
    if padding == 2 and token.endswith("==="):
        raise MalformedTokenError("token has wrong base64 padding")
    remainder = body_length % 4
    if remainder == 1 or padding > 2 or (padding and len(token) % 4):
        raise MalformedTokenError("token has wrong base64 padding")
    try:
        standard = token.encode("ascii").translate(_TO_STANDARD_ALPHABET)
        if remainder and not padding:
            standard += b"=" * (4 - remainder)
        # strict_mode refuses other characters, white space and excess data.
        raw = binascii.a2b_base64(standard, strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        raise MalformedTokenError("token is not base64url") from None
    # Trailing bits that decoding drops would give one token many spellings.
    if remainder and _BASE64URL_VALUE[token[body_length - 1]] & _UNUSED_BITS[remainder]:
        raise MalformedTokenError("token is not canonical base64url")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedTokenError("token is not UTF-8") from None

    parts = text.rsplit(".", 4)
    if len(parts) != 5:
        raise MalformedTokenError(f"token has {len(parts)} fields, not 5")
    _check_field_shapes(parts[2], parts[3], parts[4])
    return parts


def _decoded_in_one_pass(token: str) -> str | None:
    """_split_token's decoding for a well-spelled token; None for any other."""
    size = len(token)
    if not size or size > MAX_TOKEN_CHARS or "+" in token or "/" in token:
        return None
    standard = token.encode("ascii", "replace").translate(_TO_STANDARD_ALPHABET)
    if token[-1] == "=":
        if size % 4 or token[-3] == "=":
            return None
        remainder = 2 if token[-2] == "=" else 3
        last = token[size - 5 + remainder]
    else:
        remainder = size % 4
        if remainder == 1:
            return None
        last = token[-1]
        standard += b"=" * (-size % 4)
    if remainder and _BASE64URL_VALUE.get(last, 0) & _UNUSED_BITS[remainder]:
        return None
    try:
        return binascii.a2b_base64(standard, strict_mode=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _check_field_shapes(expiry: str, nonce: str, signature: str) -> None:
    if not (expiry.isascii() and expiry.isdigit() and len(expiry) <= 19):
        raise MalformedTokenError("token expiry is not a decimal number")
    if len(nonce) % 2 or not 16 <= len(nonce) <= 64 or nonce.strip(_LOWER_HEX):
        raise MalformedTokenError("token nonce is not 16 to 64 lowercase hex")
    if len(signature) != 64 or signature.strip(_LOWER_HEX):
        raise MalformedTokenError("token signature is not 64 lowercase hex")


class TokenSigner:
    """Mints and checks function tokens.

    ``secret`` signs; it and every one of ``previous_secrets`` verify, so a
    secret can be rotated without invalidating tokens still alive. A token is
    expired from its expiry second on, plus ``leeway_secs`` of allowance for
    clock skew between the minting and the checking host.
    """

    def __init__(
        self,
        secret: str,
        *,
        previous_secrets: Sequence[str] = (),
        lifetime_secs: int = DEFAULT_LIFETIME_SECS,
        leeway_secs: int = 0,
        clock: Clock = system_clock,
    ) -> None:
        if not secret:
            raise ValueError("the signing secret must not be empty")
        if any(not previous for previous in previous_secrets):
            raise ValueError("a previous secret must not be empty")
        if lifetime_secs <= 0:
            raise ValueError("the token lifetime must be positive")
        if leeway_secs < 0:
            raise ValueError("the leeway must not be negative")

        self._mac = HmacSha256(secret.encode("utf-8"))
        self._verify_macs = (
            self._mac,
            *(HmacSha256(previous.encode("utf-8")) for previous in previous_secrets),
        )
        self.lifetime_secs = lifetime_secs
        self.leeway_secs = leeway_secs
        self._clock = clock

    def sign(self, call_id: str, function_name: str) -> IssuedToken:
        """Mint a token binding ``function_name`` to ``call_id``.

        Raises InvalidArgumentError for an empty or oversized call id, or a
        function name outside the allowed pattern.
        """
        check_call_id(call_id)
        check_function_name(function_name)

        expiry = str(int(self._clock()) + self.lifetime_secs)
        nonce = os.urandom(NONCE_BYTES).hex()
        message = _message(call_id, function_name, expiry, nonce)
        signature = self._mac.hexdigest(message)
        plain = f"{call_id}.{function_name}.{expiry}.{nonce}.{signature}".encode()
        encoded = binascii.b2a_base64(plain, newline=False)
        token = encoded.translate(_TO_URLSAFE_ALPHABET).decode("ascii")
        return IssuedToken(token, int(expiry))

    def verify(self, call_id: str, function_name: str, token: str) -> Reason:
        """Check ``token`` for ``call_id`` and ``function_name``; never raises.

        The checks run in the order of Reason and the first that fails is the
        answer, so the result does not depend on which secrets are held
        unless everything before the signature already passed.
        """
        return self.check(call_id, function_name, token)[0]

    def is_valid(self, call_id: str, function_name: str, token: str) -> bool:
        """Whether verify would answer VALID, by the quickest way."""
        if self._valid_in_one_pass(call_id, function_name, token) is not None:
            return True
        reason = self.check_step_by_step(call_id, function_name, token)[0]
        return reason is Reason.VALID

    def check(
        self, call_id: str, function_name: str, token: str
    ) -> tuple[Reason, int, str]:
        """verify, with the token's expiry and signature when it decodes.

        They are what a store needs for revocation and single use; a token
        that does not decode gives 0 and an empty signature.
        """
        valid = self._valid_in_one_pass(call_id, function_name, token)
        if valid is not None:
            return valid
        return self.check_step_by_step(call_id, function_name, token)

    def _valid_in_one_pass(
        self, call_id: str, function_name: str, token: str
    ) -> tuple[Reason, int, str] | None:
        """check's answer for a token valid under the current secret, else None.

        Nearly every token checked is valid, so this makes every check of
        _split_token and check_step_by_step in one pass, raising nothing and
        building nothing on the way, and says nothing about why a token fails:
        any other token (one signed with a previous secret, too) goes to
        check_step_by_step, which gives the reason. The tests hold the two to
        the same answers.
        """
        if not call_id:
            return None
        text = _decoded_in_one_pass(token)
        if text is None:
            return None
        parts = text.rsplit(".", 4)
        if len(parts) != 5:
            return None
        token_call_id, token_function, expiry, nonce, signature = parts
        if token_function != function_name or not token_call_id:
            return None
        if not (expiry.isascii() and expiry.isdigit() and len(expiry) <= 19):
            return None
        if len(nonce) % 2 or not 16 <= len(nonce) <= 64 or nonce.strip(_LOWER_HEX):
            return None
        expires_at = int(expiry)
        if self._clock() >= expires_at + self.leeway_secs:
            return None
        message = f"{token_call_id}:{token_function}:{expiry}:{nonce}".encode()
        # A match also proves the signature is 64 lowercase hex characters.
        if not hmac.compare_digest(signature, self._mac.hexdigest(message)):
            return None
        if token_call_id != call_id:
            return None
        return Reason.VALID, expires_at, signature

    def check_step_by_step(
        self, call_id: str, function_name: str, token: str
    ) -> tuple[Reason, int, str]:
        """check, one step after the other, each failure with its reason."""
        try:
            token_call_id, token_function, expiry, nonce, signature = _split_token(
                token
            )
        except MalformedTokenError:
            return Reason.MALFORMED, 0, ""
        expires_at = int(expiry)
        if not call_id or not token_call_id:
            return Reason.MISSING_CALL_ID, expires_at, signature
        if token_function != function_name:
            return Reason.FUNCTION_MISMATCH, expires_at, signature
        if self._clock() >= expires_at + self.leeway_secs:
            return Reason.EXPIRED, expires_at, signature
        message = _message(token_call_id, token_function, expiry, nonce)
        if not self._signature_matches(message, signature):
            return Reason.BAD_SIGNATURE, expires_at, signature
        if token_call_id != call_id:
            return Reason.CALL_ID_MISMATCH, expires_at, signature
        return Reason.VALID, expires_at, signature

    def inspect(self, token: str) -> TokenInfo:
        """Decode ``token`` for debugging; raises MalformedTokenError."""
        fields = decode_token(token)
        return TokenInfo(
            fields=fields,
            expired=self._is_expired(fields.expiry),
            signature_valid=self._signature_matches(
                fields.signed_message(), fields.signature
            ),
        )

    def now(self) -> float:
        """The time on the signer's clock."""
        return self._clock()

    def _is_expired(self, expiry: str) -> bool:
        return self._clock() >= int(expiry) + self.leeway_secs

    def _signature_matches(self, message: bytes, signature: str) -> bool:
        if len(self._verify_macs) == 1:
            return hmac.compare_digest(signature, self._mac.hexdigest(message))
        matched = False
        # Every key is tried, so the time taken does not say which one matched.
        for mac in self._verify_macs:
            matched |= hmac.compare_digest(signature, mac.hexdigest(message))
        return matched


def _message(call_id: str, function_name: str, expiry: str, nonce: str) -> bytes:
    return f"{call_id}:{function_name}:{expiry}:{nonce}".encode()

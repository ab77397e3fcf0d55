"""The token signer: SDK vectors, every refusal reason, strict decoding."""

import base64
import hashlib
import hmac
from typing import Any

import pytest

from sessionmanager.errors import InvalidArgumentError
from sessionmanager.signer import (
    MAX_CALL_ID_BYTES,
    MAX_TOKEN_CHARS,
    MalformedTokenError,
    Reason,
    TokenSigner,
    decode_token,
)
from tests.conftest import FakeClock, load_vectors

VECTORS = load_vectors()
BEFORE_ALL_EXPIRIES = 1_790_000_000.0


def vector_id(vector: dict[str, Any]) -> str:
    return str(vector["id"])


def signer_for(vector: dict[str, Any], now: float = BEFORE_ALL_EXPIRIES) -> TokenSigner:
    return TokenSigner(vector["secret"], clock=FakeClock(now))


def make_token(
    secret: str, call_id: str, function: str, expiry: str, nonce: str, pad: bool = True
) -> str:
    message = f"{call_id}:{function}:{expiry}:{nonce}".encode()
    signature = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    plain = f"{call_id}.{function}.{expiry}.{nonce}.{signature}".encode()
    token = base64.urlsafe_b64encode(plain).decode()
    return token if pad else token.rstrip("=")


@pytest.mark.parametrize("vector", VECTORS, ids=vector_id)
class TestVectors:
    def test_valid_with_pinned_clock(self, vector: dict[str, Any]) -> None:
        reason = signer_for(vector).verify(
            vector["call_id"], vector["function"], vector["token"]
        )
        assert reason is Reason.VALID

    def test_decodes_to_the_recorded_fields(self, vector: dict[str, Any]) -> None:
        fields = decode_token(vector["token"])
        assert fields.call_id == vector["call_id"]
        assert fields.function_name == vector["function"]
        assert fields.expiry == str(vector["expiry"])
        assert fields.nonce == vector["nonce"]
        assert f"{fields.call_id}.{fields.function_name}" in vector["decoded"]

    def test_wrong_secret(self, vector: dict[str, Any]) -> None:
        signer = TokenSigner(
            vector["secret"] + "x", clock=FakeClock(BEFORE_ALL_EXPIRIES)
        )
        reason = signer.verify(vector["call_id"], vector["function"], vector["token"])
        assert reason is Reason.BAD_SIGNATURE

    def test_wrong_call_id(self, vector: dict[str, Any]) -> None:
        reason = signer_for(vector).verify(
            vector["call_id"] + "-other", vector["function"], vector["token"]
        )
        assert reason is Reason.CALL_ID_MISMATCH

    def test_wrong_function(self, vector: dict[str, Any]) -> None:
        reason = signer_for(vector).verify(
            vector["call_id"], "other_function", vector["token"]
        )
        assert reason is Reason.FUNCTION_MISMATCH

    def test_every_flipped_character_fails(self, vector: dict[str, Any]) -> None:
        signer = signer_for(vector)
        token = vector["token"]
        for index, char in enumerate(token):
            replacement = "B" if char != "B" else "C"
            flipped = token[:index] + replacement + token[index + 1 :]
            reason = signer.verify(vector["call_id"], vector["function"], flipped)
            assert reason is not Reason.VALID, f"flip at {index} still validates"

    def test_expired_from_its_expiry_second(self, vector: dict[str, Any]) -> None:
        expiry = vector["expiry"]
        args = (vector["call_id"], vector["function"], vector["token"])
        assert signer_for(vector, expiry - 0.001).verify(*args) is Reason.VALID
        assert signer_for(vector, expiry).verify(*args) is Reason.EXPIRED
        assert signer_for(vector, expiry + 1).verify(*args) is Reason.EXPIRED


def test_boundary_vector_is_the_earliest() -> None:
    boundary = next(v for v in VECTORS if v["id"] == "V5_boundary")
    assert boundary["expiry"] == 1_800_000_000


def test_minted_token_is_the_sdk_format(clock: FakeClock) -> None:
    signer = TokenSigner("signalwire-test-secret", clock=clock)
    issued = signer.sign("call-abc-12345", "get_weather")

    plain = base64.urlsafe_b64decode(issued.token).decode()
    call_id, function, expiry, nonce, signature = plain.rsplit(".", 4)
    assert (call_id, function) == ("call-abc-12345", "get_weather")
    assert int(expiry) == int(clock.now) + 900 == issued.expiry
    assert len(nonce) == 16 and int(nonce, 16) >= 0
    expected = make_token("signalwire-test-secret", call_id, function, expiry, nonce)
    assert issued.token == expected
    assert plain.endswith(signature) and len(signature) == 64


def test_minted_tokens_have_fresh_nonces(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    tokens = {signer.sign("c", "f").token for _ in range(50)}
    assert len(tokens) == 50


def test_roundtrip_with_dots_colons_and_unicode(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    for call_id in ("root.2", "a:b", "x.y:z.", "appel-café-☎", "." * 10):
        token = signer.sign(call_id, "fn").token
        assert signer.verify(call_id, "fn", token) is Reason.VALID


def test_colon_in_call_id_cannot_shift_into_the_function(clock: FakeClock) -> None:
    # The SDKs' message "x:y:f:..." reads the same for call "x", function "y:f";
    # function names cannot hold ':' here, so no such token can be made or used.
    signer = TokenSigner("s", clock=clock)
    token = signer.sign("x:y", "f").token
    assert signer.verify("x", "y:f", token) is Reason.FUNCTION_MISMATCH
    with pytest.raises(InvalidArgumentError):
        signer.sign("x", "y:f")


def test_sdk_variants_are_accepted(clock: FakeClock) -> None:
    secret = "s"
    signer = TokenSigner(secret, clock=clock)
    expiry = str(int(clock.now) + 60)
    unpadded = make_token(secret, "call-1", "fn", expiry, "ab" * 8, pad=False)
    long_nonce = make_token(secret, "call-1", "fn", expiry, "cd" * 32)
    for token in (unpadded, long_nonce):
        assert signer.verify("call-1", "fn", token) is Reason.VALID


@pytest.mark.parametrize(
    ("mutate", "why"),
    [
        (lambda t: t + "=", "extra padding"),
        (lambda t: t.rstrip("=") + "===", "three pad characters"),
        (lambda t: t.replace("-", "+").replace("_", "/"), "standard alphabet"),
        (lambda t: t[:10] + "\n" + t[10:], "embedded newline"),
        (lambda t: t + "==AAAA", "text after the padding"),
        (lambda t: " " + t, "leading space"),
        (lambda t: t.rstrip("=")[:-1], "truncated"),
    ],
)
def test_non_canonical_spellings_are_malformed(
    clock: FakeClock, mutate: Any, why: str
) -> None:
    signer = TokenSigner("s", clock=clock)
    token = ""
    # Find a token whose spelling contains the characters the mutation needs.
    # '?' and '>' encode to the base64url-only characters '-' and '_'.
    for extra in range(3):
        token = signer.sign("c?>?>~?" + "x" * extra, "function_a").token
        if token.endswith("=") and ("-" in token or "_" in token):
            break
    mutated = mutate(token)
    if mutated == token:
        pytest.fail(f"mutation {why!r} did not change the token")
    assert signer.verify(signer_call(token), "function_a", mutated) is Reason.MALFORMED


def signer_call(token: str) -> str:
    return base64.urlsafe_b64decode(token).decode().rsplit(".", 4)[0]


def test_nonzero_trailing_bits_are_rejected() -> None:
    vector = next(v for v in VECTORS if v["padding"] == 1)
    token = vector["token"]
    # The last character before "=" carries 2 unused bits; setting one gives
    # another spelling of the same bytes, which must not be accepted.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(token[-2])
    sibling = token[:-2] + alphabet[last | 1 if last % 4 == 0 else last - 1] + "="
    assert base64.urlsafe_b64decode(sibling) == base64.urlsafe_b64decode(token)
    with pytest.raises(MalformedTokenError):
        decode_token(sibling)


@pytest.mark.parametrize(
    ("plain", "message"),
    [
        ("a.b.c.d", "4 fields"),
        ("call.fn.12x4.0123456789abcdef." + "a" * 64, "expiry"),
        ("call.fn.-1.0123456789abcdef." + "a" * 64, "expiry"),
        ("call.fn.1900000000.0123456789ABCDEF." + "a" * 64, "nonce"),
        ("call.fn.1900000000.0123456789abcde." + "a" * 64, "nonce"),
        ("call.fn.1900000000.0123456789abcdef." + "a" * 63, "signature"),
        ("call.fn.1900000000.0123456789abcdef." + "A" * 64, "signature"),
    ],
)
def test_badly_formed_fields(plain: str, message: str) -> None:
    token = base64.urlsafe_b64encode(plain.encode()).decode()
    with pytest.raises(MalformedTokenError, match=message):
        decode_token(token)


def test_not_utf8_is_malformed() -> None:
    token = base64.urlsafe_b64encode(b"\xff\xfe.fn.1.0123456789abcdef." + b"a" * 64)
    with pytest.raises(MalformedTokenError, match="UTF-8"):
        decode_token(token.decode())


def test_reasons_in_order(clock: FakeClock) -> None:
    secret = "s"
    signer = TokenSigner(secret, clock=clock)
    good = signer.sign("call-1", "fn").token
    expiry = str(int(clock.now) - 1)
    expired_and_forged = make_token("other", "call-1", "fn", expiry, "ab" * 8)
    forged = make_token("other", "call-1", "fn", str(int(clock.now) + 60), "ab" * 8)
    empty_call = make_token(secret, "", "fn", str(int(clock.now) + 60), "ab" * 8)

    assert signer.verify("call-1", "fn", "") is Reason.MALFORMED
    assert signer.verify("call-1", "fn", "!!!") is Reason.MALFORMED
    assert signer.verify("", "fn", good) is Reason.MISSING_CALL_ID
    assert signer.verify("call-1", "fn", empty_call) is Reason.MISSING_CALL_ID
    assert signer.verify("call-2", "other", good) is Reason.FUNCTION_MISMATCH
    assert signer.verify("call-2", "fn", expired_and_forged) is Reason.EXPIRED
    assert signer.verify("call-2", "fn", forged) is Reason.BAD_SIGNATURE
    assert signer.verify("call-2", "fn", good) is Reason.CALL_ID_MISMATCH
    assert signer.verify("call-1", "fn", good) is Reason.VALID


def test_expiry_is_verified_over_its_raw_text(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    plain = base64.urlsafe_b64decode(signer.sign("c", "fn").token).decode()
    call_id, function, expiry, nonce, signature = plain.rsplit(".", 4)
    padded_expiry = f"{call_id}.{function}.0{expiry}.{nonce}.{signature}"
    token = base64.urlsafe_b64encode(padded_expiry.encode()).decode()
    assert signer.verify("c", "fn", token) is Reason.BAD_SIGNATURE


def test_previous_secrets_verify_but_do_not_sign(clock: FakeClock) -> None:
    old = TokenSigner("old", clock=clock)
    rotated = TokenSigner("new", previous_secrets=["old"], clock=clock)
    old_token = old.sign("c", "fn").token
    new_token = rotated.sign("c", "fn").token

    assert rotated.verify("c", "fn", old_token) is Reason.VALID
    assert old.verify("c", "fn", new_token) is Reason.BAD_SIGNATURE
    assert TokenSigner("new", clock=clock).verify("c", "fn", old_token) is (
        Reason.BAD_SIGNATURE
    )


def test_leeway_extends_validity(clock: FakeClock) -> None:
    signer = TokenSigner("s", lifetime_secs=10, leeway_secs=5, clock=clock)
    token = signer.sign("c", "fn").token
    clock.advance(14)
    assert signer.verify("c", "fn", token) is Reason.VALID
    clock.advance(1)
    assert signer.verify("c", "fn", token) is Reason.EXPIRED


def test_hex_looking_secret_is_used_as_text(clock: FakeClock) -> None:
    vector = next(v for v in VECTORS if v["id"] == "V6_hex_secret")
    decoded_key = bytes.fromhex(vector["secret"]).decode("latin-1")
    signer = TokenSigner(decoded_key, clock=FakeClock(BEFORE_ALL_EXPIRIES))
    reason = signer.verify(vector["call_id"], vector["function"], vector["token"])
    assert reason is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(
    ("call_id", "function_name", "field"),
    [
        ("", "fn", "call_id"),
        ("x" * (MAX_CALL_ID_BYTES + 1), "fn", "call_id"),
        ("é" * (MAX_CALL_ID_BYTES // 2 + 1), "fn", "call_id"),
        ("\ud800", "fn", "call_id"),
        ("c", "", "function_name"),
        ("c", "1abc", "function_name"),
        ("c", "get-weather", "function_name"),
        ("c", "get.weather", "function_name"),
        ("c", "get weather", "function_name"),
        ("c", "f" * 129, "function_name"),
    ],
)
def test_sign_refuses_bad_input(
    clock: FakeClock, call_id: str, function_name: str, field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        TokenSigner("s", clock=clock).sign(call_id, function_name)
    assert caught.value.field == field


def test_longest_call_id_fits_in_a_token(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    call_id = "☎" * (MAX_CALL_ID_BYTES // 3)
    token = signer.sign(call_id, "f" * 128).token
    assert len(token) <= MAX_TOKEN_CHARS
    assert signer.verify(call_id, "f" * 128, token) is Reason.VALID


def test_oversized_token_is_malformed(clock: FakeClock) -> None:
    signer = TokenSigner("s", clock=clock)
    assert signer.verify("c", "fn", "A" * (MAX_TOKEN_CHARS + 4)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": ""},
        {"secret": "s", "previous_secrets": [""]},
        {"secret": "s", "lifetime_secs": 0},
        {"secret": "s", "leeway_secs": -1},
    ],
)
def test_signer_settings_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        TokenSigner(**kwargs)


def test_inspect_reports_fields(clock: FakeClock) -> None:
    signer = TokenSigner("s", lifetime_secs=30, clock=clock)
    issued = signer.sign("root.2", "fn")
    info = signer.inspect(issued.token)
    assert (info.fields.call_id, info.fields.function_name) == ("root.2", "fn")
    assert int(info.fields.expiry) == issued.expiry
    assert (info.expired, info.signature_valid) == (False, True)
    clock.advance(31)
    assert TokenSigner("t", clock=clock).inspect(issued.token).signature_valid is False
    assert signer.inspect(issued.token).expired is True

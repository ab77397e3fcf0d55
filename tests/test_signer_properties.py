"""Properties of the signer over generated input (hypothesis)."""

import base64
import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from sessionmanager.signer import HmacSha256, Reason, TokenSigner
from tests.conftest import FakeClock

NOW = 1_790_000_000.0
SIGNER = TokenSigner("property-secret", clock=FakeClock(NOW))

# Call ids as the signer takes them: non-empty UTF-8 (no lone surrogates).
call_ids = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60
)
function_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,40}", fullmatch=True)
anything = st.text(max_size=300)


@settings(max_examples=500)
@given(call_id=anything, function_name=anything, token=anything)
def test_validation_never_raises(call_id: str, function_name: str, token: str) -> None:
    reason = SIGNER.verify(call_id, function_name, token)
    assert isinstance(reason, Reason)


@settings(max_examples=300)
@given(data=st.binary(max_size=300))
def test_arbitrary_base64_never_validates(data: bytes) -> None:
    token = base64.urlsafe_b64encode(data).decode()
    assert SIGNER.verify("call", "fn", token) is not Reason.VALID


@settings(max_examples=200)
@given(call_id=call_ids, function_name=function_names)
def test_a_minted_token_validates_for_exactly_its_call_and_function(
    call_id: str, function_name: str
) -> None:
    token = SIGNER.sign(call_id, function_name).token
    assert SIGNER.verify(call_id, function_name, token) is Reason.VALID
    assert SIGNER.verify(call_id + "x", function_name, token) is not Reason.VALID
    assert SIGNER.verify(call_id, function_name + "x", token) is not Reason.VALID


@settings(max_examples=300)
@given(
    call_id=call_ids,
    function_name=function_names,
    position=st.integers(min_value=0),
    replacement=st.sampled_from(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. "
    ),
)
def test_any_single_changed_character_fails(
    call_id: str, function_name: str, position: int, replacement: str
) -> None:
    token = SIGNER.sign(call_id, function_name).token
    index = position % len(token)
    if token[index] == replacement:
        return
    changed = token[:index] + replacement + token[index + 1 :]
    assert SIGNER.verify(call_id, function_name, changed) is not Reason.VALID


@settings(max_examples=300)
@given(key=st.binary(max_size=200), message=st.binary(max_size=300))
def test_precomputed_hmac_equals_the_standard_library(
    key: bytes, message: bytes
) -> None:
    expected = hmac.new(key, message, hashlib.sha256).hexdigest()
    assert HmacSha256(key).hexdigest(message) == expected


# Field texts: well-formed ones often enough for tokens to validate, and
# every other shape.
expiries = st.one_of(
    st.integers(min_value=int(NOW) + 1, max_value=int(NOW) + 5000).map(str),
    st.integers(min_value=0, max_value=10**20).map(str),
    st.text(alphabet="0123456789٣ -+", max_size=21),
)
nonces = st.one_of(
    st.binary(min_size=8, max_size=32).map(bytes.hex),
    st.text(alphabet="0123456789abcdefABCDEF", max_size=70),
    st.text(max_size=20),
)


@settings(max_examples=800)
@given(
    call_id=call_ids,
    asked_call_id=st.one_of(st.just(None), st.text(max_size=20)),
    function_name=function_names,
    expiry=expiries,
    nonce=nonces,
    signed=st.booleans(),
    padded=st.booleans(),
    last=st.one_of(st.none(), st.none(), st.sampled_from("AQgw-_=+/é ")),
)
def test_the_one_pass_check_answers_as_the_step_by_step_one(
    call_id: str,
    asked_call_id: str | None,
    function_name: str,
    expiry: str,
    nonce: str,
    signed: bool,
    padded: bool,
    last: str | None,
) -> None:
    """Signed tokens with every field shape, in every spelling: same answer."""
    message = f"{call_id}:{function_name}:{expiry}:{nonce}".encode()
    key = b"property-secret" if signed else b"another-secret"
    signature = hmac.new(key, message, hashlib.sha256).hexdigest()
    plain = f"{call_id}.{function_name}.{expiry}.{nonce}.{signature}".encode()
    token = base64.urlsafe_b64encode(plain).decode()
    if not padded:
        token = token.rstrip("=")
    if last is not None:
        token = token[:-1] + last
    asked = call_id if asked_call_id is None else asked_call_id
    assert SIGNER.check(asked, function_name, token) == SIGNER.check_step_by_step(
        asked, function_name, token
    )

"""Plain Python values to requests, and responses back, for both clients.

Each public function returns a Plan: which RPC to call, the request, and how
to turn the response into what the client method returns. The blocking and
the asyncio client differ only in how they carry a plan out.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from google.protobuf import duration_pb2
from google.protobuf.message import Message

from sessionmanager.manager import metadata_patch
from sessionmanager.structs import StructConversionError, dict_to_struct, struct_to_dict
from sessionmanager.v1 import session_manager_pb2 as pb

_T = TypeVar("_T")
_REASON_NAMES = {
    int(value): name.removeprefix("VALIDATION_REASON_")
    for name, value in pb.ValidationReason.items()
}
_MAX_EXACT_FLOAT_INT = 2**53


@dataclass(frozen=True, slots=True)
class Validation:
    """The answer to one token check.

    ``reason`` is the lowercase name of the server's reason: ``"valid"``,
    ``"malformed"``, ``"missing_call_id"``, ``"function_mismatch"``,
    ``"expired"``, ``"bad_signature"``, ``"call_id_mismatch"``, ``"revoked"``,
    ``"replayed"``, or a name this client does not know yet, such as one added
    by a newer server.
    """

    valid: bool
    reason: str


def validation(valid: bool, reason: int) -> Validation:
    name = _REASON_NAMES.get(reason, f"UNKNOWN_{reason}")
    # A reason this client does not know is never taken as a pass.
    return Validation(valid=valid and name == "VALID", reason=name.lower())


def set_metadata_request(
    session_id: str, patch: Mapping[str, Any]
) -> pb.SetSessionMetadataRequest:
    try:
        struct = dict_to_struct(patch)
    except StructConversionError as exc:
        raise TypeError(f"metadata cannot be sent: {exc}") from None
    return pb.SetSessionMetadataRequest(session_id=session_id, metadata=struct)


def metadata_from(struct: Any) -> dict[str, Any]:
    """Struct to dict; whole numbers come back as int, as they were most likely sent.

    Struct carries every number as a double, so 3 and 3.0 cannot be told apart.
    """
    result: dict[str, Any] = _ints_restored(struct_to_dict(struct))
    return result


def cleanup_request(max_age_secs: float | None) -> pb.CleanupRequest:
    if max_age_secs is None:
        return pb.CleanupRequest()
    max_age = duration_pb2.Duration()
    max_age.FromNanoseconds(round(max_age_secs * 1_000_000_000))
    return pb.CleanupRequest(max_age=max_age)


def debug_info(response: pb.DebugTokenResponse) -> dict[str, Any]:
    if not response.valid_format:
        return {"valid_format": False, "error": response.format_error}
    expiry = response.expire_time.seconds
    return {
        "valid_format": True,
        "call_id": response.call_id,
        "function_name": response.function_name,
        "expiry": expiry,
        "expiry_date": datetime.fromtimestamp(expiry, UTC).isoformat(),
        "nonce": response.nonce,
        "expired": response.expired,
        "signature_valid": response.signature_valid,
    }


def _ints_restored(value: Any) -> Any:
    if isinstance(value, float):
        if value.is_integer() and abs(value) <= _MAX_EXACT_FLOAT_INT:
            return int(value)
        return value
    if isinstance(value, dict):
        return {key: _ints_restored(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_ints_restored(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Plan(Generic[_T]):
    """One call: the RPC's name on the stub, its request, the result's parser."""

    rpc: str
    request: Message
    parse: Callable[[Any], _T]


def create_session(call_id: str | None) -> Plan[str]:
    request = pb.CreateSessionRequest(call_id=call_id or "")
    return Plan("CreateSession", request, lambda r: r.call_id)


def generate_token(function_name: str, call_id: str) -> Plan[str]:
    request = pb.GenerateTokenRequest(call_id=call_id, function_name=function_name)
    return Plan("GenerateToken", request, lambda r: r.token)


def create_tool_token(function_name: str, call_id: str) -> Plan[str]:
    request = pb.CreateToolTokenRequest(call_id=call_id, function_name=function_name)
    return Plan("CreateToolToken", request, lambda r: r.token)


def check_token(call_id: str, function_name: str, token: str) -> Plan[Validation]:
    request = pb.ValidateTokenRequest(
        call_id=call_id, function_name=function_name, token=token
    )
    return Plan("ValidateToken", request, _parse_validation)


def check_tool_token(function_name: str, token: str, call_id: str) -> Plan[Validation]:
    request = pb.ValidateToolTokenRequest(
        call_id=call_id, function_name=function_name, token=token
    )
    return Plan("ValidateToolToken", request, _parse_validation)


def validate_tokens(checks: Iterable[tuple[str, str, str]]) -> Plan[list[Validation]]:
    request = pb.ValidateTokensRequest(
        checks=[
            pb.TokenCheck(call_id=call_id, function_name=function_name, token=token)
            for call_id, function_name, token in checks
        ]
    )
    return Plan(
        "ValidateTokens",
        request,
        lambda r: [_parse_validation(result) for result in r.results],
    )


def debug_token(token: str) -> Plan[dict[str, Any]]:
    return Plan("DebugToken", pb.DebugTokenRequest(token=token), debug_info)


def get_session_metadata(session_id: str) -> Plan[dict[str, Any]]:
    request = pb.GetSessionMetadataRequest(session_id=session_id)
    return Plan("GetSessionMetadata", request, lambda r: metadata_from(r.metadata))


def set_session_metadata(
    session_id: str, metadata: Mapping[str, Any] | str, value: Any
) -> Plan[bool]:
    patch = metadata_patch(metadata, value)
    request = set_metadata_request(session_id, patch)
    return Plan("SetSessionMetadata", request, lambda r: True)


def delete_session_metadata(session_id: str) -> Plan[bool]:
    request = pb.DeleteSessionMetadataRequest(session_id=session_id)
    return Plan("DeleteSessionMetadata", request, lambda r: r.existed)


def cleanup(max_age_secs: float | None) -> Plan[int]:
    return Plan("Cleanup", cleanup_request(max_age_secs), lambda r: r.removed_count)


def revoke_session(call_id: str) -> Plan[datetime]:
    request = pb.RevokeSessionRequest(call_id=call_id)
    return Plan(
        "RevokeSession",
        request,
        lambda r: datetime.fromtimestamp(r.revoked_until_time.seconds, UTC),
    )


def _parse_validation(response: Any) -> Validation:
    return validation(response.valid, response.reason)

"""The gRPC face of the core: checks and converts requests, and nothing else.

Each handler turns its request into plain values, calls the signer or the
metadata store, and turns the answer back. Core errors become canonical
status codes with ``google.rpc`` details naming the field at fault.
"""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

import grpc
from google.protobuf import any_pb2, duration_pb2, timestamp_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from sessionmanager.errors import (
    DebugDisabledError,
    InvalidArgumentError,
    LimitExceededError,
    SessionManagerError,
    StoreUnavailableError,
)
from sessionmanager.logs import (
    REQUEST_ID_HEADER,
    CallInfo,
    enter_call,
    leave_call,
)
from sessionmanager.manager import new_session_id
from sessionmanager.signer import (
    MalformedTokenError,
    Reason,
    TokenSigner,
    check_call_id,
    check_function_name,
    check_token_length,
)
from sessionmanager.store.base import (
    Admission,
    AdmissionRequest,
    MetadataStore,
    check_session_id,
)
from sessionmanager.structs import (
    StructConversionError,
    dict_to_struct,
    struct_to_dict,
)
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc

logger = logging.getLogger(__name__)

MAX_BATCH_CHECKS = 1000

Context: TypeAlias = grpc.ServicerContext
_Request = TypeVar("_Request")
_Response = TypeVar("_Response")
_Servicer = TypeVar("_Servicer", bound="SessionManagerService")

_REASONS = {
    Reason.VALID: pb.VALIDATION_REASON_VALID,
    Reason.MALFORMED: pb.VALIDATION_REASON_MALFORMED,
    Reason.MISSING_CALL_ID: pb.VALIDATION_REASON_MISSING_CALL_ID,
    Reason.FUNCTION_MISMATCH: pb.VALIDATION_REASON_FUNCTION_MISMATCH,
    Reason.EXPIRED: pb.VALIDATION_REASON_EXPIRED,
    Reason.BAD_SIGNATURE: pb.VALIDATION_REASON_BAD_SIGNATURE,
    Reason.CALL_ID_MISMATCH: pb.VALIDATION_REASON_CALL_ID_MISMATCH,
    Reason.REVOKED: pb.VALIDATION_REASON_REVOKED,
    Reason.REPLAYED: pb.VALIDATION_REASON_REPLAYED,
}


def _answers(message: Callable[..., _Response]) -> dict[Reason, _Response]:
    """One answer per reason, built once: gRPC only serializes what a handler
    returns, and a validation is answered on every function call."""
    return {
        reason: message(valid=reason is Reason.VALID, reason=value)
        for reason, value in _REASONS.items()
    }


_VALIDATE_TOKEN_RESPONSES = _answers(pb.ValidateTokenResponse)
_VALIDATE_TOOL_TOKEN_RESPONSES = _answers(pb.ValidateToolTokenResponse)
_VALIDATE_RESULTS = _answers(pb.TokenCheckResult)
_ADMISSIONS = {
    Admission.ADMITTED: Reason.VALID,
    Admission.REVOKED: Reason.REVOKED,
    Admission.REPLAYED: Reason.REPLAYED,
}


def _status_details(code: grpc.StatusCode, message: str, detail: Any) -> grpc.Status:
    packed = any_pb2.Any()
    packed.Pack(detail)
    status = status_pb2.Status(
        code=getattr(code_pb2, code.name), message=message, details=[packed]
    )
    converted: grpc.Status = rpc_status.to_status(status)
    return converted


class CallTracker:
    """Counts calls in progress, and notes when the last one started.

    The server drains by waiting until calls stop arriving: gRPC cancels a
    call that has arrived but not yet been handed to a handler when shutdown
    begins, so shutting down while calls still arrive would lose them.

    It takes no lock: adding to and discarding from a set, and assigning an
    attribute, are each atomic, and every call pays for this.
    """

    def __init__(self) -> None:
        self._running: set[object] = set()
        self.last_started = time.monotonic()

    @property
    def active(self) -> int:
        """Calls started and not yet finished."""
        return len(self._running)

    def started(self) -> object:
        """Note a call's start; pass what this returns to ``finished``."""
        call = object()
        self._running.add(call)
        self.last_started = time.monotonic()
        return call

    def finished(self, call: object) -> None:
        self._running.discard(call)

    def quiet_for(self) -> float:
        """Seconds since the last call started, or 0 while any runs."""
        if self._running:
            return 0.0
        return time.monotonic() - self.last_started


def _error_status(rpc: str, exc: SessionManagerError) -> grpc.Status:
    if isinstance(exc, InvalidArgumentError):
        violation = error_details_pb2.BadRequest.FieldViolation(
            field=exc.field, description=exc.description
        )
        logger.debug("%s refused: %s", rpc, exc)
        return _status_details(
            grpc.StatusCode.INVALID_ARGUMENT,
            str(exc),
            error_details_pb2.BadRequest(field_violations=[violation]),
        )
    if isinstance(exc, LimitExceededError):
        quota = error_details_pb2.QuotaFailure.Violation(
            subject=exc.field, description=exc.description
        )
        logger.warning("%s refused: %s", rpc, exc)
        return _status_details(
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            str(exc),
            error_details_pb2.QuotaFailure(violations=[quota]),
        )
    if isinstance(exc, StoreUnavailableError):
        logger.warning("%s failed: %s", rpc, exc)
        return _status_details(
            grpc.StatusCode.UNAVAILABLE,
            f"{exc}; nothing was changed, retry later",
            error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=1)),
        )
    if isinstance(exc, DebugDisabledError):
        failure = error_details_pb2.PreconditionFailure.Violation(
            type="DEBUG_DISABLED",
            subject="server",
            description="start the server with --debug to decode tokens",
        )
        return _status_details(
            grpc.StatusCode.FAILED_PRECONDITION,
            str(exc),
            error_details_pb2.PreconditionFailure(violations=[failure]),
        )
    logger.error("%s failed: %s", rpc, exc)
    return _internal_status()


class _Status(grpc.Status):
    def __init__(
        self, code: grpc.StatusCode, details: str, trailing_metadata: Any
    ) -> None:
        self.code = code
        self.details = details
        self.trailing_metadata = trailing_metadata


def _with_request_id(status: grpc.Status, request_id: str) -> grpc.Status:
    return _Status(
        status.code,
        status.details,
        (*status.trailing_metadata, (REQUEST_ID_HEADER, request_id)),
    )


def _internal_status() -> grpc.Status:
    internal: grpc.Status = rpc_status.to_status(
        status_pb2.Status(code=code_pb2.INTERNAL, message="internal error")
    )
    return internal


def _rpc(
    handler: Callable[[_Servicer, _Request, Context], _Response],
) -> Callable[[_Servicer, _Request, Context], _Response]:
    """Count the call, and map core errors to status codes with details."""

    rpc = handler.__name__

    @functools.wraps(handler)
    def wrapper(self: _Servicer, request: _Request, context: Context) -> _Response:
        call = self.calls.started()
        info = CallInfo(rpc, context)
        scope = enter_call(info)
        try:
            return handler(self, request, context)
        except SessionManagerError as exc:
            status = _error_status(rpc, exc)
        except Exception:
            logger.exception("%s failed", rpc)
            status = _internal_status()
        finally:
            self.calls.finished(call)
            leave_call(scope)
        # The request id goes back with every error, for the caller to quote.
        context.abort_with_status(_with_request_id(status, info.request_id))
        raise AssertionError("abort_with_status returns only by raising")

    return wrapper


def _timestamp(unix_secs: float) -> timestamp_pb2.Timestamp:
    seconds = int(unix_secs)
    return timestamp_pb2.Timestamp(
        seconds=seconds, nanos=int((unix_secs - seconds) * 1_000_000_000)
    )


def _metadata_arg(struct: Any) -> dict[str, Any]:
    try:
        return struct_to_dict(struct)
    except StructConversionError as exc:
        raise InvalidArgumentError("metadata", str(exc)) from None


class SessionManagerService(pb_grpc.SessionManagerServiceServicer):
    """Implements sessionmanager.v1.SessionManagerService."""

    def __init__(
        self,
        signer: TokenSigner,
        store: MetadataStore,
        *,
        debug: bool = False,
        single_use: bool = False,
        on_validated: Callable[[Reason], None] | None = None,
    ) -> None:
        self._signer = signer
        self._store = store
        self._debug = debug
        self._single_use = single_use
        self._on_validated = on_validated
        self.calls = CallTracker()

    @_rpc
    def CreateSession(
        self, request: pb.CreateSessionRequest, context: Context
    ) -> pb.CreateSessionResponse:
        if not request.call_id:
            return pb.CreateSessionResponse(call_id=new_session_id())
        check_call_id(request.call_id)
        return pb.CreateSessionResponse(call_id=request.call_id)

    @_rpc
    def GenerateToken(
        self, request: pb.GenerateTokenRequest, context: Context
    ) -> pb.GenerateTokenResponse:
        issued = self._signer.sign(request.call_id, request.function_name)
        return pb.GenerateTokenResponse(
            token=issued.token, expire_time=_timestamp(issued.expiry)
        )

    @_rpc
    def CreateToolToken(
        self, request: pb.CreateToolTokenRequest, context: Context
    ) -> pb.CreateToolTokenResponse:
        issued = self._signer.sign(request.call_id, request.function_name)
        return pb.CreateToolTokenResponse(
            token=issued.token, expire_time=_timestamp(issued.expiry)
        )

    @_rpc
    def ValidateToken(
        self, request: pb.ValidateTokenRequest, context: Context
    ) -> pb.ValidateTokenResponse:
        return _VALIDATE_TOKEN_RESPONSES[self._verify(request)]

    @_rpc
    def ValidateToolToken(
        self, request: pb.ValidateToolTokenRequest, context: Context
    ) -> pb.ValidateToolTokenResponse:
        return _VALIDATE_TOOL_TOKEN_RESPONSES[self._verify(request)]

    @_rpc
    def ValidateTokens(
        self, request: pb.ValidateTokensRequest, context: Context
    ) -> pb.ValidateTokensResponse:
        if len(request.checks) > MAX_BATCH_CHECKS:
            raise InvalidArgumentError(
                "checks", f"must hold at most {MAX_BATCH_CHECKS} checks"
            )
        # Every check is looked at before any is answered, so a malformed one
        # fails the batch before a single-use token in it is spent.
        checks = [(c.call_id, c.function_name, c.token) for c in request.checks]
        for index, check in enumerate(checks):
            try:
                _check_values(*check)
            except InvalidArgumentError as exc:
                raise InvalidArgumentError(
                    f"checks[{index}].{exc.field}", exc.description
                ) from None

        # Stateless checks first; the tokens passing them go to the store
        # together, in one round trip.
        reasons: list[Reason] = []
        passed: list[int] = []
        admissions: list[AdmissionRequest] = []
        now = self._signer.now()
        for call_id, function_name, token in checks:
            reason, expiry, signature = self._signer.check(
                call_id, function_name, token
            )
            if reason is Reason.VALID:
                passed.append(len(reasons))
                admissions.append(self._admission(call_id, expiry, signature, now))
            reasons.append(reason)
        if admissions:
            for index, admission in zip(
                passed, self._store.admit_many(admissions), strict=True
            ):
                reasons[index] = _ADMISSIONS[admission]

        if self._on_validated is not None:
            for reason in reasons:
                self._on_validated(reason)
        response = pb.ValidateTokensResponse()
        response.results.extend(_VALIDATE_RESULTS[reason] for reason in reasons)
        return response

    @_rpc
    def DebugToken(
        self, request: pb.DebugTokenRequest, context: Context
    ) -> pb.DebugTokenResponse:
        if not self._debug:
            raise DebugDisabledError()
        check_token_length(request.token)
        try:
            info = self._signer.inspect(request.token)
        except MalformedTokenError as exc:
            return pb.DebugTokenResponse(valid_format=False, format_error=str(exc))
        return pb.DebugTokenResponse(
            valid_format=True,
            call_id=info.fields.call_id,
            function_name=info.fields.function_name,
            expire_time=_timestamp(int(info.fields.expiry)),
            nonce=info.fields.nonce,
            expired=info.expired,
            signature_valid=info.signature_valid,
        )

    @_rpc
    def GetSessionMetadata(
        self, request: pb.GetSessionMetadataRequest, context: Context
    ) -> pb.GetSessionMetadataResponse:
        metadata = self._store.get(request.session_id)
        return pb.GetSessionMetadataResponse(metadata=dict_to_struct(metadata))

    @_rpc
    def SetSessionMetadata(
        self, request: pb.SetSessionMetadataRequest, context: Context
    ) -> pb.SetSessionMetadataResponse:
        check_session_id(request.session_id)
        if not request.HasField("metadata"):
            raise InvalidArgumentError("metadata", "must be set")
        patch = _metadata_arg(request.metadata)
        merged = self._store.merge(request.session_id, patch)
        return pb.SetSessionMetadataResponse(
            metadata=dict_to_struct(merged.metadata),
            update_time=_timestamp(merged.updated_at),
        )

    @_rpc
    def DeleteSessionMetadata(
        self, request: pb.DeleteSessionMetadataRequest, context: Context
    ) -> pb.DeleteSessionMetadataResponse:
        existed = self._store.delete(request.session_id)
        return pb.DeleteSessionMetadataResponse(existed=existed)

    @_rpc
    def Cleanup(
        self, request: pb.CleanupRequest, context: Context
    ) -> pb.CleanupResponse:
        if request.HasField("max_age"):
            max_age = request.max_age.ToTimedelta().total_seconds()
            if max_age < 0:
                raise InvalidArgumentError("max_age", "must not be negative")
        else:
            max_age = self._signer.lifetime_secs
        removed = self._store.cleanup(max_age)
        if removed:
            logger.info("cleanup removed %d sessions older than %ss", removed, max_age)
        return pb.CleanupResponse(removed_count=removed)

    @_rpc
    def RevokeSession(
        self, request: pb.RevokeSessionRequest, context: Context
    ) -> pb.RevokeSessionResponse:
        check_call_id(request.call_id)
        # Every token minted up to now expires by now + lifetime; a later one
        # expires after that, so the call can be used again.
        refuse_upto = int(self._signer.now()) + self._signer.lifetime_secs
        ttl = refuse_upto + self._signer.leeway_secs + 1 - self._signer.now()
        self._store.revoke(request.call_id, refuse_upto, ttl)
        # repr: a call id may hold line breaks, which must not forge log lines.
        logger.info("revoked the tokens of call %r", request.call_id[:8] + "…")
        return pb.RevokeSessionResponse(revoked_until_time=_timestamp(refuse_upto))

    def _verify(
        self,
        request: pb.ValidateTokenRequest | pb.ValidateToolTokenRequest,
    ) -> Reason:
        _check_arguments(request)
        reason = self._admit(request.call_id, request.function_name, request.token)
        if self._on_validated is not None:
            self._on_validated(reason)
        return reason

    def _admit(self, call_id: str, function_name: str, token: str) -> Reason:
        reason, expiry, signature = self._signer.check(call_id, function_name, token)
        if reason is not Reason.VALID:
            return reason

        # Only a token that passes every stateless check needs the store.
        request = self._admission(call_id, expiry, signature, self._signer.now())
        return _ADMISSIONS[self._store.admit(*request)]

    def _admission(
        self, call_id: str, expiry: int, signature: str, now: float
    ) -> AdmissionRequest:
        """The store's question for a token that passed the stateless checks."""
        claim = signature if self._single_use else None
        return AdmissionRequest(
            call_id, expiry, claim, expiry + self._signer.leeway_secs - now
        )


def _check_arguments(
    request: pb.ValidateTokenRequest | pb.ValidateToolTokenRequest,
) -> None:
    _check_values(request.call_id, request.function_name, request.token)


def _check_values(call_id: str, function_name: str, token: str) -> None:
    check_function_name(function_name)
    check_token_length(token)
    # An empty call id is an answer (MISSING_CALL_ID), an oversized one an error.
    if call_id:
        check_call_id(call_id)

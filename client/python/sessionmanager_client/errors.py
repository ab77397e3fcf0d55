"""Exceptions the client raises, one class per status code a caller handles."""

from collections.abc import Iterable
from dataclasses import dataclass

import grpc
from google.rpc import error_details_pb2, status_pb2


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One request field the server refused, and why."""

    field: str
    description: str


class SessionManagerClientError(Exception):
    """A call failed. ``code`` is the gRPC status; ``violations`` name fields."""

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        violations: tuple[FieldViolation, ...] = (),
    ) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.violations = violations


class InvalidArgumentError(SessionManagerClientError, ValueError):
    """The request was malformed; ``violations`` names the fields."""


class LimitExceededError(SessionManagerClientError):
    """The store is at one of its bounds (RESOURCE_EXHAUSTED)."""


class FailedPreconditionError(SessionManagerClientError):
    """The server is not set up for this call (DebugToken without debug mode)."""


class UnauthenticatedError(SessionManagerClientError):
    """The call carried no valid credentials."""


class PermissionDeniedError(SessionManagerClientError):
    """The credentials do not allow this call."""


class UnavailableError(SessionManagerClientError, ConnectionError):
    """The server, or a store it needs, cannot be reached right now."""


class DeadlineExceededError(SessionManagerClientError, TimeoutError):
    """The call did not finish before its deadline."""


_BY_CODE: dict[grpc.StatusCode, type[SessionManagerClientError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: LimitExceededError,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPreconditionError,
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
}


def error_from_status(
    code: grpc.StatusCode, message: str, status_details: bytes | None
) -> SessionManagerClientError:
    """The exception for a failed call, with field violations when sent."""
    violations: list[FieldViolation] = []
    if status_details:
        status = status_pb2.Status.FromString(status_details)
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                violations.extend(
                    FieldViolation(v.field, v.description)
                    for v in bad_request.field_violations
                )
            elif detail.Is(error_details_pb2.QuotaFailure.DESCRIPTOR):
                quota = error_details_pb2.QuotaFailure()
                detail.Unpack(quota)
                violations.extend(
                    FieldViolation(v.subject, v.description) for v in quota.violations
                )
    error_class = _BY_CODE.get(code, SessionManagerClientError)
    return error_class(code, message, tuple(violations))


def status_details_from(
    trailers: Iterable[tuple[str, str | bytes]] | None,
) -> bytes | None:
    """The ``grpc-status-details-bin`` trailer, if a call's trailers hold one."""
    for key, value in trailers or ():
        if key == "grpc-status-details-bin" and isinstance(value, bytes):
            return value
    return None

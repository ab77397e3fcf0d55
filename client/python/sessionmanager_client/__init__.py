"""Python client for the SessionManager gRPC service.

``SessionManagerClient`` (blocking) and ``AsyncSessionManagerClient``
(asyncio) offer the SignalWire SDK's SessionManager method names over gRPC,
with plain Python values in and out.
"""

from sessionmanager_client._plans import Validation
from sessionmanager_client.aio import AsyncSessionManagerClient
from sessionmanager_client.client import SessionManagerClient
from sessionmanager_client.credentials import tls_credentials
from sessionmanager_client.errors import (
    DeadlineExceededError,
    FailedPreconditionError,
    FieldViolation,
    InvalidArgumentError,
    LimitExceededError,
    PermissionDeniedError,
    SessionManagerClientError,
    UnauthenticatedError,
    UnavailableError,
)
from sessionmanager_client.signalwire import ServiceSessionManager

__all__ = [
    "AsyncSessionManagerClient",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "FieldViolation",
    "InvalidArgumentError",
    "LimitExceededError",
    "PermissionDeniedError",
    "ServiceSessionManager",
    "SessionManagerClient",
    "SessionManagerClientError",
    "UnauthenticatedError",
    "UnavailableError",
    "Validation",
    "tls_credentials",
]

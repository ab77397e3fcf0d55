"""Caller authentication on the gRPC server: API keys with scopes.

Health checking and reflection stay open; every SessionManager RPC needs a
key (``authorization: Bearer <key>``) carrying the RPC's scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import grpc

from sessionmanager.apikeys import ApiKeys, Scope
from sessionmanager.v1 import session_manager_pb2 as pb

logger = logging.getLogger(__name__)

_SERVICE = pb.DESCRIPTOR.services_by_name["SessionManagerService"]
_SCOPE_OF_RPC = {
    "CreateSession": Scope.ISSUE,
    "GenerateToken": Scope.ISSUE,
    "CreateToolToken": Scope.ISSUE,
    "ValidateToken": Scope.VALIDATE,
    "ValidateToolToken": Scope.VALIDATE,
    "ValidateTokens": Scope.VALIDATE,
    "GetSessionMetadata": Scope.METADATA,
    "SetSessionMetadata": Scope.METADATA,
    "DeleteSessionMetadata": Scope.METADATA,
    "DebugToken": Scope.ADMIN,
    "Cleanup": Scope.ADMIN,
    "RevokeSession": Scope.ADMIN,
}
METHOD_SCOPES = {
    f"/{_SERVICE.full_name}/{method.name}": _SCOPE_OF_RPC[method.name]
    for method in _SERVICE.methods
}
"""Every RPC of the service and the scope it needs; a new RPC must be added."""

_BEARER = "bearer "


def _refusal(code: grpc.StatusCode, message: str) -> grpc.RpcMethodHandler[Any, Any]:
    def refuse(request: Any, context: grpc.ServicerContext) -> None:
        context.abort(code, message)

    return grpc.unary_unary_rpc_method_handler(refuse)


class ApiKeyInterceptor(grpc.ServerInterceptor):
    """Lets a call through only with a key that has the RPC's scope."""

    def __init__(self, keys: ApiKeys) -> None:
        self._keys = keys
        self._unauthenticated = _refusal(
            grpc.StatusCode.UNAUTHENTICATED,
            "a valid API key is required: send the metadata "
            "'authorization: Bearer <key>'",
        )

    def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        scope = METHOD_SCOPES.get(handler_call_details.method)
        if scope is None:
            return continuation(handler_call_details)

        presented = ""
        for header, value in handler_call_details.invocation_metadata or ():
            if header == "authorization" and isinstance(value, str):
                if value[: len(_BEARER)].lower() == _BEARER:
                    presented = value[len(_BEARER) :].strip()
                break
        key = self._keys.authenticate(presented) if presented else None
        if key is None:
            logger.info("refused %s: no valid API key", handler_call_details.method)
            return self._unauthenticated
        if scope not in key.scopes:
            logger.info(
                "refused %s: key %r lacks the %s scope",
                handler_call_details.method,
                key.name,
                scope.value,
            )
            return _refusal(
                grpc.StatusCode.PERMISSION_DENIED,
                f"the API key {key.name!r} does not have the {scope.value!r} scope",
            )
        return continuation(handler_call_details)

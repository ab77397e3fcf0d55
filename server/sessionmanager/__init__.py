"""SessionManager: SignalWire-compatible function tokens and session metadata.

``from sessionmanager import SessionManager`` gives the core in process, with
the SignalWire SDK's method names; ``sessionmanager serve`` runs it as a gRPC
service.
"""

from sessionmanager.errors import (
    DebugDisabledError,
    InvalidArgumentError,
    LimitExceededError,
    SessionManagerError,
)
from sessionmanager.manager import SessionManager
from sessionmanager.signer import IssuedToken, Reason, TokenSigner
from sessionmanager.store import MemoryStore, MetadataLimits

__all__ = [
    "DebugDisabledError",
    "InvalidArgumentError",
    "IssuedToken",
    "LimitExceededError",
    "MemoryStore",
    "MetadataLimits",
    "Reason",
    "SessionManager",
    "SessionManagerError",
    "TokenSigner",
]

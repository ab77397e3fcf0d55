"""Errors raised by the core.

Each error names the request field it is about, so that the gRPC layer can
turn it into a status with ``google.rpc`` details without knowing the rules.
"""


class SessionManagerError(Exception):
    """Base class of every error the core raises on purpose."""


class InvalidArgumentError(SessionManagerError, ValueError):
    """A request field breaks a rule; nothing was changed."""

    def __init__(self, field: str, description: str) -> None:
        super().__init__(f"{field}: {description}")
        self.field = field
        self.description = description


class LimitExceededError(SessionManagerError):
    """A write would take the store past one of its bounds; nothing was changed."""

    def __init__(self, field: str, description: str) -> None:
        super().__init__(f"{field}: {description}")
        self.field = field
        self.description = description


class DebugDisabledError(SessionManagerError):
    """DebugToken was asked for while debug mode is off."""

    def __init__(self) -> None:
        super().__init__("token debugging is disabled; enable debug mode to use it")


class StoreUnavailableError(SessionManagerError):
    """The store cannot be reached; the call changed nothing and may be retried."""

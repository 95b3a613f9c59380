"""The one exception root of ``kiosk``, and the tree under it.

    KioskError
    ├── ValidationError        customer input refused (number, account, amount); show reason
    ├── LimitError             an amount or state is outside the configured limits
    ├── SessionError           an action not allowed in the session's current state
    └── ServerError            the central server could not answer usefully
        ├── ServerUnavailable  network down, timeout, 5xx: safe to retry later
        ├── ServerRejected     4xx with a reason (unknown account, bad signature): do not retry
        └── MalformedReply     the reply was not the documented JSON: do not trust it

Lower-layer errors (requests, sqlite) are translated at the boundary with the cause chained.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every error raised on purpose by the kiosk application layer."""


class ValidationError(KioskError):
    """Customer input is not acceptable; ``str(exc)`` is a message the UI may show."""


class LimitError(KioskError):
    """The requested amount or action exceeds a configured limit."""


class SessionError(KioskError):
    """The action is not allowed in the session's current state (nothing was changed)."""


class ServerError(KioskError):
    """The central server could not give a usable answer."""


class ServerUnavailable(ServerError):
    """Network error, timeout or 5xx: the kiosk is (for now) offline. Retry-safe."""


class ServerRejected(ServerError):
    """The server refused the request (4xx); ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class MalformedReply(ServerError):
    """The server answered with something that is not the documented JSON shape."""

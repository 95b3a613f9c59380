"""The one exception root of ``kiosk``, and the tree under it.

    KioskError
    ├── ConfigError            a configuration value is missing, mistyped or out of range
    │                          (also a ValueError; the message starts with the dotted key)
    ├── MoneyError             not valid money: float, bad currency, mixed currencies
    │                          (also a ValueError)
    ├── ValidationError        customer input refused (number, account, amount); show reason
    │   └── DuplicateSuspected the same account and amount just paid: ask before paying again
    ├── LimitError             an amount or state is outside the configured limits
    ├── SessionError           an action not allowed in the session's current state
    └── ServerError            the central server could not answer usefully
        ├── ServerUnavailable  network down, timeout, 5xx: safe to retry later
        ├── ServerRejected     4xx with a reason (unknown account, bad signature): do not retry
        └── MalformedReply     the reply was not the documented JSON: do not trust it

Each concern's own errors sit under the root too and stay in their modules:
``StartupError`` (runtime), ``SettlementError``, ``SigningKeyError`` (settlement),
``UpdateError`` (update), ``AuthError``, ``UserError``, ``MaintenanceError``,
``CollectionError`` (staff).

Lower-layer errors (requests, sqlite) are translated at the boundary with the cause chained.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every error raised on purpose by the kiosk application layer."""


class ConfigError(KioskError, ValueError):
    """A configuration value is missing, of the wrong type or out of range.

    The message always starts with the dotted key, e.g. ``limits.max_transaction: ...``.
    """


class MoneyError(KioskError, ValueError):
    """An amount is not valid money (float, bad currency, unparsable input, mixed currencies)."""


class ValidationError(KioskError):
    """Customer input is not acceptable; ``str(exc)`` is a message the UI may show."""


class DuplicateSuspected(ValidationError):
    """The same account and amount were paid moments ago: the customer must confirm.

    ``earlier_at`` is the earlier payment's completion time (RFC 3339, UTC)."""

    def __init__(self, message: str, earlier_at: str) -> None:
        super().__init__(message)
        self.earlier_at = earlier_at


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

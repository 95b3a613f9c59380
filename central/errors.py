"""Exceptions of the reference central server.

Tree::

    CentralError        root
    +-- ApiError        an HTTP error with a stable machine code and a human detail;
                        rendered as ``{"error": code, "detail": text}`` with ``status``

Every refusal the server makes is an ApiError, so clients (and the kiosk's dead-letter
table) always get a JSON reason, never an HTML 500 page.
"""

from __future__ import annotations

from typing import Any


class CentralError(Exception):
    """Root of the central server's errors."""


class ApiError(CentralError):
    def __init__(self, status: int, error: str, detail: str = "",
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail or error
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "detail": self.detail, **self.extra}

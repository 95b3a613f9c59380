"""Why an update step did not happen; ``kind`` is stable text for reports and logs."""

from __future__ import annotations

from kiosk.errors import KioskError


class UpdateError(KioskError):
    """``kind``: ``verify`` (TUF refused the metadata or the bundle), ``download``,
    ``refused`` (policy: downgrade, no rollback, data schema), ``install``, ``server``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message

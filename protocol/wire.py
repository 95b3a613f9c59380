"""Formats every synced record uses on both sides of the wire (docs/protocols.md).

Why here: the kiosk's store writes these timestamps and the central server writes and
compares them (``received_at``, alarm windows); one definition keeps the two spellings
from drifting apart. Standard library only.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso"]


def iso(ts: float) -> str:
    """UTC ISO 8601 with ``Z`` (``2026-12-03T06:48:07.5Z``), the timestamp of every synced
    record: epoch seconds in, the wire string out."""
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")

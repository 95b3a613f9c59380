"""Formats every synced record uses on both sides of the wire (docs/protocols.md).

Why here: the kiosk's store writes these timestamps and the central server writes and
compares them (``received_at``, alarm windows); both sides hash and sign the canonical
JSON (journal chain, settlement batches, allowance grants, intake's duplicate check) and
must get the same bytes. One definition keeps the two sides from drifting apart.
Standard library only.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

__all__ = ["canonical_json", "iso"]


def iso(ts: float) -> str:
    """UTC ISO 8601 with ``Z`` (``2026-12-03T06:48:07.5Z``), the timestamp of every synced
    record: epoch seconds in, the wire string out."""
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def canonical_json(obj: Any) -> bytes:
    """The agreed canonical encoding: sorted keys, no spaces, UTF-8 kept (not escaped)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

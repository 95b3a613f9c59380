"""Value types the store hands out, and the one canonical JSON encoding used for hashing.

The canonical form must match the central server's byte for byte (sorted keys, no
spaces, UTF-8 kept), otherwise hash chains and signatures computed on both sides differ.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from protocol.wire import canonical_json  # defined in protocol, shared with the server

GENESIS_HASH = "0" * 64


def chain_hash(prev_hash: str, record: dict[str, Any]) -> str:
    """sha256(prev_hash_hex + canonical_json(record)) as lowercase hex."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(record)).hexdigest()


def chain_hash_of_text(prev_hash: str, seq: int, kind: str, payload_text: str,
                       at: float) -> str:
    """``chain_hash(prev_hash, {"seq", "kind", "payload", "at"})`` from the payload's
    canonical text, without encoding the payload twice (byte-identical: the canonical
    form sorts the keys as at, kind, payload, seq)."""
    head = '{"at":' + json.dumps(at) + ',"kind":' + json.dumps(kind, ensure_ascii=False)
    body = head + ',"payload":' + payload_text + ',"seq":' + str(int(seq)) + "}"
    return hashlib.sha256(prev_hash.encode("ascii") + body.encode()).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    """One hash-chained journal record; ``hash`` covers every other field."""

    seq: int
    kind: str
    payload: dict[str, Any]
    at: float
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """The hashed part (everything except the hashes themselves)."""
        return {"seq": self.seq, "kind": self.kind, "payload": self.payload, "at": self.at}


@dataclass(frozen=True)
class OutboxRow:
    """A record waiting for delivery, in enqueue order (``id`` is the outbox position)."""

    id: int
    record_id: str
    record_type: str
    endpoint: str
    data: dict[str, Any]
    created_at: str
    attempts: int


@dataclass(frozen=True)
class SyncStatus:
    """What the app and the health report need to know about delivery.

    ``fault`` is set while the store is in a StorageFault state; the app must stop
    accepting cash while it is not None.
    """

    pending: int
    oldest_pending_age_s: float | None
    last_success: float | None
    last_error: str | None
    last_error_at: float | None
    dead_letters: int
    sent: int = 0
    fault: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "oldest_pending_age_s": self.oldest_pending_age_s,
            "last_success": self.last_success,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "dead_letters": self.dead_letters,
            "sent": self.sent,
            "fault": self.fault,
            **self.extra,
        }

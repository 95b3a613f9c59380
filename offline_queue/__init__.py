"""Durable store-and-forward for the kiosk: SQLite journal + outbox and a sync worker.

Public surface (see docs/protocols.md, server section, for the wire protocol)::

    Store        one SQLite file, one writer; atomic() / journal() / enqueue()
    SyncWorker   background delivery with backoff, Retry-After and dead letters
    HmacAuth     requests auth that signs every request for the central server and
                 checks the server's reply signature (``authentic``)
    StorageFault disk full / read-only / I/O error / corrupt: stop accepting cash
    SyncStatus, JournalEntry  value types

Imports nothing from kiosk/, ui/ or central/.
"""

from offline_queue.auth import REPLY_HEADER, HmacAuth, reply_signature
from offline_queue.faults import CommitFaults, OfflineQueueError, StorageFault, SyncError
from offline_queue.records import JournalEntry, OutboxRow, SyncStatus, canonical_json
from offline_queue.store import Store
from offline_queue.sync import SyncWorker
from protocol.wire import iso  # the wire's timestamp format, defined once in protocol

__all__ = [
    "REPLY_HEADER",
    "CommitFaults",
    "HmacAuth",
    "JournalEntry",
    "OfflineQueueError",
    "OutboxRow",
    "StorageFault",
    "Store",
    "SyncError",
    "SyncStatus",
    "SyncWorker",
    "canonical_json",
    "iso",
    "reply_signature",
]

"""Read queries over the ledger's tables for the layers above it (settlement, staff).

Why here: the ``kiosk_*`` tables and their status words belong to the ledger; a caller
asks these functions instead of spelling the tables in its own SQL, so a schema change
is made in one package. Each takes the caller's ``Transaction`` so a reading caller
sees the same snapshot it writes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.ledger.schema import MIGRATIONS, NAMESPACE
from offline_queue import Store
from offline_queue.transaction import Transaction


def ensure_schema(store: Store) -> None:
    """Create the ledger's tables (once) for a part that reads them without a Ledger."""
    store.register_migrations(NAMESPACE, MIGRATIONS)


def unsettled(tx: Transaction, statuses: Sequence[str]) -> list[Any]:
    """Transactions in ``statuses`` not yet in a settlement batch, in journal order:
    ``(id, seq, method, service, biller, gross, fee, total, status, completed_at,
    created_at)``."""
    marks = ", ".join("?" * len(statuses))
    return list(tx.execute(
        "SELECT id, seq, method, service, biller, gross, fee, total, status, completed_at,"
        f" created_at FROM kiosk_transactions t WHERE status IN ({marks}) AND NOT EXISTS"
        " (SELECT 1 FROM settlement_items s WHERE s.transaction_id = t.id) ORDER BY seq",
        tuple(statuses)).fetchall())


def stacked_by_amount(tx: Transaction, ids_json: str) -> list[tuple[int, int]]:
    """``(amount, count)`` of the stacked notes of the transactions in ``ids_json``."""
    return [(int(a), int(n)) for a, n in tx.execute(
        "SELECT amount, COUNT(*) FROM kiosk_notes WHERE state = 'stacked' AND transaction_id"
        " IN (SELECT value FROM json_each(?)) GROUP BY amount", (ids_json,)).fetchall()]


def vouchers_issued_by(tx: Transaction, ids_json: str) -> tuple[int, int]:
    """``(count, amount)`` of the vouchers issued by the transactions in ``ids_json``."""
    row = tx.execute("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM kiosk_vouchers"
                     " WHERE issued_by IN (SELECT value FROM json_each(?))",
                     (ids_json,)).fetchone()
    return int(row[0]), int(row[1])


def vouchers_redeemed_by(tx: Transaction, ids_json: str) -> tuple[int, int]:
    """``(count, amount)`` of the vouchers redeemed by the transactions in ``ids_json``."""
    row = tx.execute(  # applied as tender (any kiosk's code) + older local rows
        "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM (SELECT amount FROM"
        " kiosk_voucher_tenders WHERE state = 'redeemed' AND transaction_id IN"
        " (SELECT value FROM json_each(?)) UNION ALL SELECT amount FROM kiosk_vouchers"
        " WHERE status = 'redeemed' AND redeemed_by IN (SELECT value FROM json_each(?)))",
        (ids_json, ids_json)).fetchone()
    return int(row[0]), int(row[1])

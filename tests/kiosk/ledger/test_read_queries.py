"""The ledger owns its tables' queries (issue 13 item 3): others ask it, they do not re-spell
its final statuses in SQL."""

from __future__ import annotations

from pathlib import Path

from kiosk.ledger.ledger import FINAL, count_open
from kiosk.ledger.schema import MIGRATIONS, NAMESPACE
from offline_queue import Store

ROOT = Path(__file__).resolve().parents[3]


def test_count_open_counts_every_status_but_the_final_ones(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    store.register_migrations(NAMESPACE, MIGRATIONS)
    try:
        with store.atomic() as tx:
            cols = {r[1]: r for r in tx.execute("PRAGMA table_info(kiosk_transactions)")}
            assert "status" in cols
            assert count_open(tx) == 0
        statuses = (*FINAL, "open", "card_pending")
        with store.atomic() as tx:
            for n, status in enumerate(statuses):
                required = [r[1] for r in tx.execute("PRAGMA table_info(kiosk_transactions)")
                            if r[3] and r[4] is None and not r[5]]
                values = {c: f"x{n}" for c in required}
                values.update(id=f"t{n}", status=status)
                names = ", ".join(values)
                tx.execute(f"INSERT INTO kiosk_transactions ({names}) VALUES"
                           f" ({', '.join('?' * len(values))})", tuple(values.values()))
            assert count_open(tx) == 2
    finally:
        store.close()


def test_cash_collection_does_not_spell_the_final_statuses() -> None:
    text = (ROOT / "kiosk" / "staff" / "cash_collection.py").read_text(encoding="utf-8")
    assert "'cancelled'" not in text and "kiosk_transactions" not in text


def test_settlement_reads_no_ledger_table() -> None:
    text = (ROOT / "kiosk" / "settlement" / "batches.py").read_text(encoding="utf-8")
    for table in ("kiosk_transactions", "kiosk_notes", "kiosk_vouchers"):
        assert table not in text
    assert "ledger_schema" not in text

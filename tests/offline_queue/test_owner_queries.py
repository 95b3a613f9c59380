"""The store answers the journal questions its users asked with their own SQL (issue 13
item 3): chain head and first record time, inside a transaction and outside, and the
hash of one record."""

from __future__ import annotations

from pathlib import Path

from offline_queue import Store
from offline_queue.records import GENESIS_HASH

ROOT = Path(__file__).resolve().parents[2]


def test_owner_queries_on_an_empty_and_a_written_journal(tmp_path: Path) -> None:
    now = [1000.0]
    store = Store(tmp_path / "q.db", clock=lambda: now[0])
    try:
        assert store.chain_head() == (0, GENESIS_HASH)
        assert store.first_journal_at() is None
        assert store.journal_hash(0) == GENESIS_HASH and store.journal_hash(1) is None
        with store.atomic() as tx:
            assert tx.chain_head() == (0, GENESIS_HASH) and tx.first_journal_at() is None
            tx.journal("a", {"n": 1})
            now[0] = 1005.0
            tx.journal("b", {"n": 2})
            seq, head = tx.chain_head()
            assert seq == 2 and tx.first_journal_at() == 1000.0
        assert store.chain_head() == (2, head) and store.journal_hash(2) == head
        assert store.first_journal_at() == 1000.0
    finally:
        store.close()


def test_settlement_reads_the_journal_only_through_the_store() -> None:
    text = (ROOT / "kiosk" / "settlement" / "batches.py").read_text(encoding="utf-8")
    assert "FROM journal" not in text


def test_backlog_sums_one_field_of_pending_rows_of_one_type(tmp_path: Path) -> None:
    now = [50.0]
    store = Store(tmp_path / "b.db", clock=lambda: now[0])
    try:
        assert store.backlog("transaction", "cash") == (0, None)
        with store.atomic() as tx:
            tx.enqueue("transaction", "t1", {"cash": 1000})
            now[0] = 60.0
            tx.enqueue("transaction", "t2", {"cash": 500})
            tx.enqueue("voucher", "v1", {"cash": 7})
        assert store.backlog("transaction", "cash") == (1500, 50.0)
    finally:
        store.close()


def test_the_ledger_reads_no_outbox_json() -> None:
    text = (ROOT / "kiosk" / "ledger" / "ledger.py").read_text(encoding="utf-8")
    assert "json_extract" not in text and "FROM outbox" not in text

"""Store: durability pragmas, migrations, atomic journal+outbox, hash chain, faults."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline_queue import StorageFault, Store
from offline_queue.records import GENESIS_HASH


def test_pragmas_and_migrations(tmp_path):
    with Store(tmp_path / "q.db") as store:
        conn = store._writer
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        rows = store.query("SELECT namespace, version FROM _migrations")
        assert rows == [{"namespace": "offline_queue", "version": 1}]


def test_register_migrations_applied_once_in_order(tmp_path):
    path = tmp_path / "q.db"
    migs = [(2, "ALTER TABLE sessions ADD COLUMN note TEXT;"),
            (1, "CREATE TABLE sessions (id TEXT PRIMARY KEY); CREATE TABLE x (a INTEGER);")]
    with Store(path) as store:
        assert store.register_migrations("kiosk", migs) == [1, 2]
        assert store.register_migrations("kiosk", migs) == []
    with Store(path) as store:
        assert store.register_migrations("kiosk", [*migs, (3, "CREATE TABLE y (b TEXT)")]) == [3]
        cols = [r["name"] for r in store.query("PRAGMA table_info(sessions)")]
        assert cols == ["id", "note"]


def test_failed_migration_rolls_back_whole_version(tmp_path):
    with Store(tmp_path / "q.db") as store:
        with pytest.raises(sqlite3.Error):
            store.register_migrations("kiosk", [(1, "CREATE TABLE a (x); CREATE TABLE a (x);")])
        assert store.query("SELECT name FROM sqlite_master WHERE name = 'a'") == []
        with pytest.raises(ValueError):
            store.register_migrations("kiosk", [(1, "SELECT 1"), (1, "SELECT 2")])
        with pytest.raises(ValueError):
            store.register_migrations("offline_queue", [(9, "SELECT 1")])


def test_atomic_journal_and_outbox_commit_together(tmp_path):
    with Store(tmp_path / "q.db", clock=lambda: 1000.0) as store:
        with store.atomic() as tx:
            seq = tx.journal("note_stacked", {"amount": 10000})
            assert tx.enqueue("transaction", "t-1", {"total": 10000}) is True
            assert tx.enqueue("transaction", "t-1", {"total": 1}) is False  # no-op
        assert seq == 1
        with pytest.raises(RuntimeError), store.atomic() as tx:
            tx.journal("x", {})
            tx.enqueue("transaction", "t-2", {})
            raise RuntimeError("crash before commit")
        assert [e.seq for e in store.journal_entries()] == [1]
        assert [r.record_id for r in store.next_batch(10)] == ["t-1"]
        assert store.next_batch(10)[0].data == {"total": 10000}
        with pytest.raises(RuntimeError):
            tx.journal("late", {})  # handle is dead after its block


def test_committed_data_survives_reopen_and_chain_verifies(tmp_path):
    path = tmp_path / "q.db"
    with Store(path) as store:
        for i in range(20):
            with store.atomic() as tx:
                tx.journal("k", {"i": i, "名": "张三"})
        head = store.chain_head()
    with Store(path) as store:
        assert store.chain_head() == head
        assert head[0] == 20
        assert store.verify_chain()
        store._writer.execute("UPDATE journal SET payload = '{\"i\": 99}' WHERE seq = 5")
        assert not store.verify_chain()


def test_empty_chain_head(tmp_path):
    with Store(tmp_path / "q.db") as store:
        assert store.chain_head() == (0, GENESIS_HASH)
        assert store.verify_chain()


def test_concurrent_writers_get_gap_free_seq(tmp_path):
    with Store(tmp_path / "q.db") as store:
        def work(n: int) -> None:
            for i in range(25):
                with store.atomic() as tx:
                    tx.journal("w", {"n": n, "i": i})
                    tx.enqueue("audit", f"{n}-{i}", {})
        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert [e.seq for e in store.journal_entries()] == list(range(1, 101))
        assert store.verify_chain()
        assert store.status().pending == 100


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
    st.integers(), st.text(max_size=10), st.booleans(), st.none())), max_size=8))
def test_chain_verifies_for_any_payloads(tmp_path_factory, payloads):
    path = tmp_path_factory.mktemp("h") / "q.db"
    with Store(path) as store:
        for p in payloads:
            with store.atomic() as tx:
                tx.journal("p", p)
        assert store.verify_chain()
        assert [e.payload for e in store.journal_entries()] == payloads


def test_status_counts_and_ages(tmp_path):
    now = [1000.0]
    with Store(tmp_path / "q.db", clock=lambda: now[0]) as store:
        with store.atomic() as tx:
            tx.enqueue("transaction", "a", {})
        now[0] = 1030.0
        with store.atomic() as tx:
            tx.enqueue("transaction", "b", {})
        st_ = store.status()
        assert (st_.pending, st_.oldest_pending_age_s, st_.dead_letters) == (2, 30.0, 0)
        rows = store.next_batch(10)
        store.mark_sent([rows[0].id])
        store.dead_letter(rows[1], 422, "conflict")
        st_ = store.status()
        assert (st_.pending, st_.oldest_pending_age_s, st_.sent, st_.dead_letters) == (
            0, None, 1, 1)
        assert st_.last_success == 1030.0
        assert store.dead_letters()[0]["reason"] == "conflict"
        assert store.requeue_dead_letter("b")
        assert store.status().pending == 1


def test_disk_full_is_a_storage_fault_and_nothing_half_written(tmp_path):
    faults: list[StorageFault] = []
    with Store(tmp_path / "q.db") as store:
        store.add_fault_listener(faults.append)
        pages = store._writer.execute("PRAGMA page_count").fetchone()[0]
        store._writer.execute(f"PRAGMA max_page_count={pages}")
        with pytest.raises(StorageFault) as err, store.atomic() as tx:
            for i in range(200):
                tx.journal("big", {"blob": "x" * 4000, "i": i})
                tx.enqueue("transaction", f"id-{i}", {"blob": "y" * 4000})
        assert err.value.kind == "disk_full"
        assert faults and faults[0].kind == "disk_full"
        assert store.status().fault is not None
        assert store.journal_entries() == [] and store.status().pending == 0
        store._writer.execute("PRAGMA max_page_count=1073741823")
        with store.atomic() as tx:
            tx.journal("ok", {})
        assert store.fault is None


def test_disk_full_via_extra_pragmas(tmp_path):
    path = tmp_path / "q.db"
    Store(path).close()
    with Store(path, extra_pragmas={"max_page_count": 1}) as store, \
            pytest.raises(StorageFault, match="disk_full"), store.atomic() as tx:
        tx.journal("big", {"blob": "x" * 100_000})


def test_read_only_database_is_a_storage_fault(tmp_path):
    with Store(tmp_path / "q.db") as store:
        store._writer.execute("PRAGMA query_only=ON")  # what a read-only mount looks like
        with pytest.raises(StorageFault) as err, store.atomic() as tx:
            tx.journal("x", {})
        assert err.value.kind == "read_only"


def test_unopenable_path_is_a_storage_fault(tmp_path):
    with pytest.raises(StorageFault) as err:
        Store(tmp_path)  # a directory, like a missing mount point
    assert err.value.kind == "cannot_open"


def test_corrupt_file_is_a_storage_fault(tmp_path):
    path = tmp_path / "q.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageFault) as err:
        Store(path)
    assert err.value.kind == "corrupt"


def test_closed_store_raises(tmp_path):
    store = Store(tmp_path / "q.db")
    store.close()
    with pytest.raises(StorageFault, match="closed"), store.atomic():
        pass


def test_next_batch_stops_at_endpoint_change(tmp_path):
    with Store(tmp_path / "q.db") as store:
        with store.atomic() as tx:
            tx.enqueue("transaction", "a", {})
            tx.enqueue("transaction", "b", {})
            tx.enqueue("settlement", "s", {}, endpoint="/v1/settlements")
            tx.enqueue("transaction", "c", {})
        assert [r.record_id for r in store.next_batch(10)] == ["a", "b"]
        store.mark_sent([r.id for r in store.next_batch(10)])
        batch = store.next_batch(10)
        assert [(r.record_id, r.endpoint) for r in batch] == [("s", "/v1/settlements")]


def test_chain_hash_of_text_is_the_canonical_chain_hash():
    """The commit path hashes the stored text; it must equal the documented chain hash."""
    from hypothesis import given
    from hypothesis import strategies as st

    from offline_queue.records import canonical_json, chain_hash, chain_hash_of_text

    values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                          lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                          max_leaves=8)

    @given(st.dictionaries(st.text(), values), st.text(), st.integers(1, 2**40),
           st.floats(0, 2e9, allow_nan=False))
    def check(payload, kind, seq, at):
        text = canonical_json(payload).decode()
        body = {"seq": seq, "kind": kind, "payload": payload, "at": at}
        assert chain_hash_of_text("ab" * 32, seq, kind, text, at) == chain_hash("ab" * 32, body)

    check()


def test_another_writer_on_the_same_file_never_forks_the_chain(tmp_path):
    """The writer caches the journal head; a second process appending must not fork it."""
    with Store(tmp_path / "k.db") as a, Store(tmp_path / "k.db") as b:
        for i, s in enumerate([a, b, a, a, b, a]):
            with s.atomic() as tx:
                tx.journal("x", {"i": i})
        assert a.verify_chain() and a.chain_head()[0] == 6
        assert [e.payload["i"] for e in a.journal_entries()] == list(range(6))

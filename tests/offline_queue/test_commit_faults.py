"""Storage faults can be injected at any commit, and each behaves like the real disk error.

What the money path relies on: a failed commit rolls back everything of that
transaction (journal record and outbox row), raises ``StorageFault`` with its kind, sets
``store.fault``, and the next commit works again once the fault is gone.
"""

from __future__ import annotations

import pytest

from offline_queue import StorageFault


def _write(store, kind: str = "note_stacked", rid: str = "r1") -> None:
    with store.atomic() as tx:
        tx.journal(kind, {"id": rid})
        tx.enqueue("transaction", rid, {"id": rid})


@pytest.mark.parametrize("kind", ["disk_full", "io_error", "read_only"])
def test_fault_on_the_chosen_journal_kind_rolls_back_everything(store, kind):
    _write(store, "txn_open", "a")
    head = store.chain_head()
    store.commit_faults.fail(kind, journal_kind="note_stacked")
    _write(store, "txn_status", "b")  # other commits are untouched
    with pytest.raises(StorageFault) as err:
        _write(store, "note_stacked", "c")
    assert err.value.kind == kind and store.fault is not None
    assert store.chain_head()[0] == head[0] + 1  # only "b" landed
    assert [r["record_id"] for r in store.query("SELECT record_id FROM outbox")] == ["a", "b"]
    _write(store, "note_stacked", "c")  # the rule was used up: the disk is back
    assert store.fault is None and store.commit_faults.injected == 1


def test_nth_commit_and_repeating_faults(store):
    store.commit_faults.fail("disk_full", nth=2, times=2)
    _write(store, "x", "1")
    for rid in ("2", "3"):
        with pytest.raises(StorageFault):
            _write(store, "x", rid)
    _write(store, "x", "4")
    assert [r["record_id"] for r in store.query("SELECT record_id FROM outbox")] == ["1", "4"]


def test_fault_until_cleared(store):
    store.commit_faults.fail("io_error", times=None)
    for rid in ("1", "2", "3"):
        with pytest.raises(StorageFault):
            _write(store, "x", rid)
    store.commit_faults.clear()
    _write(store, "x", "4")
    assert store.status().pending == 1


def test_unknown_fault_kind_is_refused(store):
    with pytest.raises(ValueError):
        store.commit_faults.fail("gremlins")

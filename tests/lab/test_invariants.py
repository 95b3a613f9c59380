"""``check`` names each broken invariant; a clean set of facts passes."""

from __future__ import annotations

from typing import Any

from lab.invariants import check


def facts(cash: int = 5000) -> tuple[dict[str, Any], dict[str, Any]]:
    final = {"transaction_id": "t1", "cash": cash, "voucher": 0, "card": 0,
             "status": "completed", "total": cash}
    kiosk = {"chain_ok": True, "pending": 0, "dead_letters": 0, "finals": [final],
             "open": [], "notes_stacked": cash, "notes_unresolved": [], "issued": {},
             "outbox_ids": ["t1", "s1"]}
    server = {"transactions": [{"transaction_id": "t1", "cash": cash, "status": "completed",
                                "total": cash}],
              "records": [{"record_id": "t1"}, {"record_id": "s1"}],
              "settlements": [{"batch_no": 1, "result": {"report": {"balanced": True}}}]}
    return kiosk, server


def test_clean_facts_pass() -> None:
    kiosk, server = facts()
    assert check([5000], False, kiosk, server) == []


def test_device_journal_and_server_disagreeing_is_reported() -> None:
    kiosk, server = facts()
    bad = check([2000, 2000], False, kiosk, server)
    assert any("journal 5000 != stacked per device 4000" in b for b in bad)
    assert any("server 5000 != stacked per device 4000" in b for b in bad)


def test_transaction_held_twice_and_missing_records_are_reported() -> None:
    kiosk, server = facts()
    server["transactions"].append(dict(server["transactions"][0]))
    server["records"].pop()
    bad = check([5000], False, kiosk, server)
    assert any("twice" in b for b in bad)
    assert any("server records 1 != kiosk outbox rows 2" in b for b in bad)


def test_broken_chain_open_txn_unbalanced_batch_and_escrow_left() -> None:
    kiosk, server = facts()
    kiosk.update(chain_ok=False, open=[{"id": "t2", "status": "open"}], pending=1)
    kiosk["finals"][0]["total"] = 4000
    server["settlements"][0]["result"]["report"] = {"balanced": False, "summary": {}}
    bad = " | ".join(check([5000], True, kiosk, server))
    for needle in ("hash chain broken", "left open", "not drained", "not balanced",
                   "escrow", "paid 5000 != taken 4000"):
        assert needle in bad


def test_totals_equal_but_note_credited_to_the_next_customer_is_misattributed() -> None:
    """Issue 14: the old check compared totals only, so a late note credited to the next
    customer (and the first customer's note left unresolved) passed."""
    kiosk, server = facts()
    kiosk["credited_notes"] = [("t2", 5000)]  # customer t2 got t1's note
    kiosk["voucher_owners"] = []
    assert check([5000], False, kiosk, server) == []  # without attribution: all equal
    bad = check([5000], False, kiosk, server, inserted=[(5000, "t1")])
    assert bad == ["misattributed: 5000 of t1 credited to another customer"]


def test_double_lost_and_invisible_are_told_apart() -> None:
    kiosk, server = facts()
    kiosk["credited_notes"] = [("t1", 5000), ("t1", 5000), ("t2", 1000)]
    kiosk["voucher_owners"] = [("ABCD-1234", "t9")]  # a voucher no customer was shown
    bad = check([5000], False, kiosk, server,
                inserted=[(5000, "t1"), (2000, "t2")])
    kinds = sorted(b.split(":", 1)[0] for b in bad if b.split(":", 1)[0] in
                   ("lost", "double", "misattributed", "invisible"))
    assert kinds == ["double", "double", "invisible", "lost"]


def test_late_credit_counts_for_its_origin_customer() -> None:
    kiosk, server = facts()
    kiosk["credited_notes"] = [("t1", 5000)]  # owner = the late credit's origin
    kiosk["voucher_owners"] = [("ABCD-1234", "t1")]
    assert check([5000], False, kiosk, server, inserted=[(5000, "t1")]) == []


def test_campaign_chunks_merge_into_one_summary() -> None:
    from lab.crash import merge

    def chunk(seed: int, failures: int) -> dict[str, Any]:
        return {"runs": 50, "failures": failures, "first_seed": seed,
                "first_failing_seed": seed + 3 if failures else None,
                "first_failure": {"seed": seed + 3} if failures else None,
                "kills": {"sync": 10}, "fault_classes": {"lost_ack": 20},
                "note_failures": {"lost": failures, "double": 0}, "sessions": 150,
                "notes_stacked": 400, "cash": 10000, "seconds": 200.0,
                "protocol": "ccnet", "load_avg": [3.0, 5.5], "hostile": True}

    m = merge([chunk(1, 0), chunk(51, 2)])
    assert (m["runs"], m["failures"], m["first_failing_seed"]) == (100, 2, 54)
    assert m["kills"] == {"sync": 20} and m["note_failures"] == {"lost": 2, "double": 0}
    assert m["load_avg"] == [3.0, 5.5] and [c["seed"] for c in m["chunks"]] == [1, 51]

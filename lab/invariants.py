"""What must hold after every crash run, each check phrased as the failure it reports.

Money rule 8 across three independent witnesses: the emulator's count of stacked notes
(the device), the kiosk's journal and tables (the ledger) and the server's database
(the back office). Plus: no transaction stored twice, every transaction resolved, the
hash chain intact, the outbox empty, each note bound to a record, each transaction
balanced (what came in = what was taken + the voucher issued).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from kiosk.ledger.states import FINAL, JournalKind, TxnStatus
from offline_queue import Store


def _rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def kiosk_facts(db: Path) -> dict[str, Any]:
    """The ledger's view: final records (from the journal), notes, vouchers, outbox."""
    store = Store(db)
    try:
        chain_ok = store.verify_chain()
        status = store.status()
        finals = [e.payload for e in store.journal_entries() if e.kind == JournalKind.TXN_FINAL]
    finally:
        store.close()
    return {
        "chain_ok": chain_ok, "pending": status.pending, "dead_letters": status.dead_letters,
        "finals": finals,
        "open": _rows(db, "SELECT id, status FROM kiosk_transactions WHERE status NOT IN"
                          f" ({','.join('?' * len(FINAL))})", FINAL),
        "notes_stacked": int(_rows(db, "SELECT COALESCE(SUM(amount), 0) AS s FROM kiosk_notes"
                                       " WHERE state = 'stacked'")[0]["s"]),
        "notes_unresolved": _rows(db, "SELECT id, transaction_id, amount, state FROM kiosk_notes"
                                      " WHERE state IN ('escrowed', 'unresolved')"),
        "issued": {r["issued_by"]: int(r["s"]) for r in _rows(
            db, "SELECT issued_by, SUM(amount) AS s FROM kiosk_vouchers GROUP BY issued_by")},
        "outbox_ids": [r["record_id"] for r in _rows(
            db, "SELECT record_id FROM outbox WHERE endpoint = '/v1/transactions'")],
        # each stacked note by the customer it was credited to (a late note's credit
        # belongs to its origin), and each voucher with the transaction that owns it
        "credited_notes": [(str(r["owner"]), int(r["amount"])) for r in _rows(
            db, "SELECT COALESCE(t.origin, t.id) AS owner, n.amount FROM kiosk_notes n"
                " JOIN kiosk_transactions t ON t.id = n.transaction_id"
                " WHERE n.state = 'stacked'")],
        "voucher_owners": [(str(r["code"]), str(r["owner"])) for r in _rows(
            db, "SELECT v.code, COALESCE(t.origin, t.id) AS owner FROM kiosk_vouchers v"
                " JOIN kiosk_transactions t ON t.id = v.issued_by")],
    }


def attribution(inserted: list[tuple[int, object]], kiosk: dict[str, Any]) -> dict[str, list[str]]:
    """Every physical note by the customer it was inserted for, against the kiosk's credit.

    ``inserted``: (value, customer's transaction) of every note that reached the cassette
    (the emulator's ``stacked_tags``). Why not totals: a note credited to the next
    customer, or credited twice and then missing once, leaves totals equal. Per value,
    a note missing from its customer and credited to another is ``misattributed``; what
    is left over is ``lost`` (in the cassette, credited to nobody) or ``double``
    (credited with no physical note). A voucher owned by no customer's transaction is
    ``invisible`` (nobody was shown it and no receipt leads to it).
    """
    device = Counter((str(t), int(v)) for v, t in inserted)
    credited = Counter((str(o), int(v)) for o, v in kiosk["credited_notes"])
    missing, extra = device - credited, credited - device
    out: dict[str, list[str]] = {"lost": [], "double": [], "misattributed": [], "invisible": []}
    spare: Counter[int] = Counter()  # value -> extra credits not paired with a missing note
    for (_owner, value), n in extra.items():
        spare[value] += n
    for (owner, value), n in sorted(missing.items()):
        paired = min(n, spare[value])
        spare[value] -= paired
        out["misattributed"] += [f"{value} of {owner} credited to another customer"] * paired
        out["lost"] += [f"{value} of {owner} in the cassette, credited to nobody"] * (n - paired)
    for value, n in sorted(spare.items()):
        out["double"] += [f"{value} credited with no note in the cassette"] * n
    customers = {str(t) for _, t in inserted}
    for code, owner in kiosk["voucher_owners"]:
        if owner not in customers:
            out["invisible"].append(f"voucher {code} of {owner}: no customer's transaction")
    return out


def check(stacked: list[int], escrow_left: bool, kiosk: dict[str, Any],
          server: dict[str, Any], inserted: list[tuple[int, object]] | None = None) -> list[str]:
    """Every broken invariant as one line (empty list: the run is clean).

    With ``inserted`` (who each stacked note was inserted for), each note is also
    attributed to its customer (``attribution``): lines start with ``lost:``,
    ``double:``, ``misattributed:`` or ``invisible:``.
    """
    bad: list[str] = []
    if inserted is not None:
        for kind, lines in attribution(inserted, kiosk).items():
            bad += [f"{kind}: {line}" for line in lines]
    device = sum(stacked)
    finals = kiosk["finals"]
    ids = Counter(str(f["transaction_id"]) for f in finals)
    journal_cash = sum(int(f["cash"]) for f in finals)
    if escrow_left:
        bad.append("a note is still held in the emulator's escrow")
    if journal_cash != device:
        bad.append(f"cash credited in the journal {journal_cash} != stacked per device {device}")
    if kiosk["notes_stacked"] != device:
        bad.append(f"stacked notes in kiosk_notes {kiosk['notes_stacked']} != device {device}")
    if twice := [t for t, n in ids.items() if n > 1]:
        bad.append(f"transactions finalized twice in the journal: {twice[:3]}")
    if kiosk["open"]:
        bad.append(f"{len(kiosk['open'])} transactions left open: {kiosk['open'][:3]}")
    if kiosk["notes_unresolved"]:
        bad.append(f"notes never resolved: {kiosk['notes_unresolved'][:3]}")
    if not kiosk["chain_ok"]:
        bad.append("journal hash chain broken")
    if kiosk["pending"] or kiosk["dead_letters"]:
        bad.append(f"outbox not drained: pending {kiosk['pending']}, "
                   f"dead letters {kiosk['dead_letters']}")
    for f in finals:
        paid = int(f["cash"]) + int(f["voucher"]) + int(f["card"])
        issued = kiosk["issued"].get(f["transaction_id"], 0)
        taken = int(f["total"]) if f["status"] == TxnStatus.COMPLETED else 0
        if taken + issued != paid:
            bad.append(f"{f['transaction_id']} {f['status']}: paid {paid} != taken {taken}"
                       f" + voucher {issued}")
    srv = server["transactions"]
    srv_ids = Counter(str(t["transaction_id"]) for t in srv)
    if twice := [t for t, n in srv_ids.items() if n > 1]:
        bad.append(f"server holds transactions twice: {twice[:3]}")
    if set(srv_ids) != set(ids):
        bad.append(f"server transactions {len(srv_ids)} != kiosk finals {len(ids)} "
                   f"(missing {sorted(set(ids) - set(srv_ids))[:3]}, "
                   f"extra {sorted(set(srv_ids) - set(ids))[:3]})")
    server_cash = sum(int(t["cash"] or 0) for t in srv)
    if server_cash != device:
        bad.append(f"cash at the server {server_cash} != stacked per device {device}")
    rec = Counter(str(r["record_id"]) for r in server["records"])
    if set(rec) != set(kiosk["outbox_ids"]):
        bad.append(f"server records {len(rec)} != kiosk outbox rows {len(kiosk['outbox_ids'])}")
    for b in server["settlements"]:
        report = b["result"].get("report", {})
        if not report.get("balanced", False):
            bad.append(f"settlement batch {b['batch_no']} not balanced: "
                       f"{json.dumps(report.get('summary'))}")
    return bad

"""``voucher`` records from a kiosk's outbox: issued vouchers and offline redemptions.

Called by intake inside its transaction for each ``voucher`` record. ``apply`` returns
normally when the record is taken (first time or again) and raises VoucherRefused when
the server will not take it for a reason of its own; intake answers that record
``refused`` and the kiosk parks it (docs/protocols.md) while the rest keep flowing.

Data (all amounts in minor units):

- ``{"status": "issued", "code", "amount", "currency", "transaction_id", "at"}``: the
  kiosk issued a voucher (change, a cancelled payment, an orphan note). The code must carry
  the sending kiosk's MAC; the same code again with the same amount is a no-op.
- ``{"status": "redeemed", "code", "amount", "currency", "transaction_id", "at",
  "redemption_id", "session_id"?}``: a redemption the kiosk's session finalized. Taken if
  the redemption id is already known (the online ``redeem`` got there first), or the
  session still holds the reservation, or (the offline rule) the kiosk issued the voucher
  itself and nobody else holds it. Anything else is a double spend: refused, alarm.
"""

from __future__ import annotations

from typing import Any

from central import validation as v
from central.vouchers import codes, events
from central.vouchers.events import VoucherRefused
from central.vouchers.ledger import VoucherLedger


def apply(ledger: VoucherLedger, conn: Any, kiosk_id: str, data: dict[str, Any],
          path: str = "data") -> str:
    """Apply one record's data; returns ``stored`` or ``duplicate``."""
    status = v.str_field(data, "status", path, choices={"issued", "redeemed"})
    code = codes.normalize(data.get("code"))
    if code is None:
        raise v.invalid(f"{path}.code", "not a voucher code (16 digits, check digit)")
    amount = v.int_field(data, "amount", path, minimum=1)
    currency = v.str_field(data, "currency", path, max_len=3)
    txn = v.str_field(data, "transaction_id", path, required=False, max_len=128)
    assert amount is not None and currency is not None
    if status == "issued":
        return issue_in(ledger, conn, kiosk_id, code, amount, currency, txn)
    rid = v.str_field(data, "redemption_id", path, max_len=128)
    session = v.str_field(data, "session_id", path, required=False, max_len=128)
    assert rid is not None
    row = conn.execute("SELECT currency FROM vouchers WHERE code = ?", (code,)).fetchone()
    if row is not None and row["currency"] != currency:
        raise VoucherRefused(409, "currency_mismatch", "the voucher is in another currency")
    out = ledger.redeem_in(conn, kiosk_id, code, amount=amount, session_id=session,
                           redemption_id=rid, transaction_id=txn, offline=True)
    return "duplicate" if out["status"] == "duplicate" else "stored"


def issue_in(ledger: VoucherLedger, conn: Any, kiosk_id: str, code: str, amount: int,
             currency: str, transaction_id: str | None) -> str:
    """Enter a kiosk-issued voucher; ``stored``, ``duplicate`` or VoucherRefused."""
    now = ledger.now()
    secret = conn.execute("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?",
                          (kiosk_id,)).fetchone()
    if secret is None or not codes.mac_ok(codes.voucher_key(bytes.fromhex(secret["secret_hex"])),
                                          code):
        events.record(conn, now, "bad_mac", {"amount": amount, "transaction_id": transaction_id},
                      code=code, kiosk_id=kiosk_id)
        raise VoucherRefused(422, "bad_voucher_mac", "the code was not made with this "
                             "kiosk's voucher key")
    expiry = ledger_policy(conn, "expire_after_s")
    n = conn.execute(
        "INSERT INTO vouchers (code, issuer_kiosk, issued_txn, currency, amount, balance,"
        " status, issued_at, expires_at, version, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'issued', ?, ?, 0, ?) ON CONFLICT (code) DO NOTHING",
        (code, kiosk_id, transaction_id, currency, amount, amount, now,
         None if expiry is None else now + expiry, now)).rowcount
    if n == 1:
        events.record(conn, now, "issued", {"amount": amount, "currency": currency,
                                            "transaction_id": transaction_id},
                      code=code, kiosk_id=kiosk_id)
        return "stored"
    row = conn.execute("SELECT issuer_kiosk, amount, currency FROM vouchers WHERE code = ?",
                       (code,)).fetchone()
    if (row["issuer_kiosk"], int(row["amount"]), row["currency"]) == (kiosk_id, amount,
                                                                     currency):
        return "duplicate"
    events.record(conn, now, "issue_conflict", {"amount": amount, "stored_amount": row["amount"]},
                  code=code, kiosk_id=kiosk_id)
    raise VoucherRefused(409, "voucher_conflict", "this code is already issued differently")


def ledger_policy(conn: Any, name: str) -> int | None:
    row = conn.execute("SELECT value FROM voucher_policy WHERE name = ?", (name,)).fetchone()
    return None if row is None or row["value"] is None else int(row["value"])


def issue(ledger: VoucherLedger, kiosk_id: str, code_text: str, amount: int, currency: str,
          transaction_id: str | None = None) -> str:
    """``issue_in`` in its own transaction (tests, tools); a refusal keeps its alarm."""
    code = codes.normalize(code_text)
    if code is None:
        raise VoucherRefused(422, "invalid_code", "not a voucher code (16 digits, check digit)")
    with ledger.db.tx() as conn:
        try:
            return issue_in(ledger, conn, kiosk_id, code, amount, currency, transaction_id)
        except VoucherRefused as exc:
            refusal = exc
    raise refusal

"""Issue 15 end to end: two kiosks and one real server (central.testing.run_server).

The kiosks run the real core, ledger, server client and sync worker; only the bill
validator is a fake (notes inserted by the test, synchronously), so every scenario is
exact and quick: vouchers redeemed at the other kiosk, concurrently, partially, from a
restored backup; a fractional bill under each change policy; the honest cancel both
ways; the offline allowance; a parked record with the rest flowing; the duplicate guard.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.catalog import luhn_check_digit
from central.refusals import open_refusals
from central.testing import run_server
from devices.bill_validator import Ready
from kiosk.config import load
from kiosk.errors import DuplicateSuspected, MalformedReply, ServerUnavailable, ValidationError
from kiosk.payment.core import KioskCore
from kiosk.remote.server_client import ServerClient
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from offline_queue import HmacAuth, Store, SyncWorker
from tests.support.fakes import FakeValidator

NOTES = (100, 500, 1000, 2000, 5000, 10000)
MSISDN = "13800138000"


class Kiosk:
    def __init__(self, tmp: Path, url: str, kid: str, secret_hex: str, *,
                 db: Path | None = None) -> None:
        self.kid, self.url = kid, url
        self.secret = bytes.fromhex(secret_hex)
        self.store = Store(db or tmp / f"{kid}.db")
        self.auth = HmacAuth(kid, self.secret)
        self.client = ServerClient(url, self.auth, kiosk_id=kid, connect_timeout=1.0,
                                   read_timeout=5.0)
        self.client.probe()
        self.validator = FakeValidator(NOTES)
        self.core = KioskCore(load(None, env={"KIOSK_KIOSK_ID": kid}), self.store,
                              validator=self.validator, server=self.client,
                              run_async=lambda fn: fn(), secret=self.secret)
        self.events: list[Any] = []
        self.core.add_observer(self.events.append)
        self.validator.emit(Ready(NOTES, "CNY"))
        self.core.start(device_wait_s=0)
        self.core.refresh_catalog()
        self.worker = SyncWorker(self.store, url, self.auth, kiosk_id=kid)

    def sync(self) -> int:
        return self.worker.sync_once()

    def pay(self, *notes: int) -> None:
        for n in notes:
            assert self.validator.insert(n) == "stacked", (n, self.validator.enabled)

    def offline(self) -> None:
        self.client.base_url = "http://127.0.0.1:9"  # nothing listens: every call fails
        self.client.set_online(False)

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk, Any]]:
    with run_server(tmp_path / "central.db") as (url, admin):
        k1 = Kiosk(tmp_path, url, "K0001", admin.add_kiosk("K0001"))
        k2 = Kiosk(tmp_path, url, "K0002", admin.add_kiosk("K0002"))
        try:
            yield k1, k2, admin
        finally:
            k1.close()
            k2.close()


def ledger_row(admin: Any, code: str) -> dict[str, Any]:
    row = admin.app.state.vouchers.voucher(code)
    assert row is not None, "the server does not know the voucher"
    return dict(row)


def issue_voucher(k: Kiosk, *notes: int) -> str:
    """A cancelled top-up kept as a voucher, synced: the customer's code."""
    s = k.core.start_topup(MSISDN, 20000, confirmed=True)
    k.core.pay_cash()
    k.pay(*notes)
    assert k.core.cancel() == "choose"
    k.core.keep_as_voucher()
    assert s.outcome and s.outcome.status == "credited" and s.outcome.voucher_code
    k.sync()
    return s.outcome.voucher_code


def test_voucher_from_one_kiosk_redeemed_in_part_at_the_other(fleet):
    k1, k2, admin = fleet
    code = issue_voucher(k1, 5000, 5000)
    assert (ledger_row(admin, code)["balance"], ledger_row(admin, code)["status"]) == (
        10000, "issued")
    s = k2.core.start_topup(MSISDN, 3000)
    assert k2.core.redeem_voucher(code) == 3000
    assert s.applied[-1].remainder == 7000  # shown and printed
    assert s.outcome and (s.outcome.status, s.outcome.voucher_in, s.outcome.gross) == (
        "completed", 3000, 3000)
    row = ledger_row(admin, code)  # redeemed online at once (the outbox copy: duplicate)
    assert (row["balance"], row["status"]) == (7000, "partial")
    k2.sync()
    assert k2.store.status().dead_letters == 0 and k2.store.status().pending == 0
    # the rest, with cash on top, at the first kiosk
    s2 = k1.core.start_topup(MSISDN, 10000)
    assert k1.core.redeem_voucher(code) == 7000
    k1.core.pay_cash()
    k1.pay(2000, 1000)
    assert s2.outcome and (s2.outcome.status, s2.outcome.cash, s2.outcome.voucher_in) == (
        "completed", 3000, 7000)
    assert ledger_row(admin, code)["status"] == "redeemed"
    with pytest.raises(ValidationError, match="already used"):
        k2.core.start_topup(MSISDN, 5000)
        k2.core.redeem_voucher(code)


def test_one_voucher_at_two_kiosks_at_once_exactly_one_wins(fleet):
    k1, k2, admin = fleet
    code = issue_voucher(k1, 5000)
    k1.core.start_topup(MSISDN, 10000)
    k2.core.start_topup(MSISDN, 10000, confirmed=True)
    assert k1.core.redeem_voucher(code) == 5000
    with pytest.raises(ValidationError, match="in use at another session"):
        k2.core.redeem_voucher(code)
    # the holder cancels: the voucher is released untouched, now the other may use it
    assert k1.core.cancel() == "ended"
    assert k1.core.session and k1.core.session.outcome.status == "cancelled"
    assert ledger_row(admin, code)["reserved_by"] is None
    assert k2.core.redeem_voucher(code) == 5000


def test_balance_look_up_holds_nothing_and_says_why_not(fleet):
    """The home screen's look-up is the server's read-only balance call: no reservation,
    no ``reserve_refused`` noise, and a voucher another session holds is said as such."""
    k1, k2, admin = fleet
    code = issue_voucher(k1, 5000, 2000)
    found = k2.core.voucher_balance(code)
    assert (found.code, found.balance, found.channel) == (code, 7000, "online")
    row = ledger_row(admin, code)
    assert row["reserved_by"] is None and [e["kind"] for e in row["events"]] == ["issued"]
    k1.core.start_topup(MSISDN, 10000)
    assert k1.core.redeem_voucher(code) == 7000  # k1's session holds it now
    with pytest.raises(ValidationError, match="in use at another session"):
        k2.core.voucher_balance(code)
    assert ledger_row(admin, code)["reserved_by"] == "K0001"  # the look-up took nothing
    assert k1.core.cancel() == "ended"
    assert k2.core.voucher_balance(code).balance == 7000
    kinds = [e["kind"] for e in ledger_row(admin, code)["events"]]
    assert "reserve_refused" not in kinds and kinds.count("reserved") == 1


def test_balance_reply_not_signed_by_the_server_is_not_believed(fleet):
    """A proxy that rewrites the amount (or strips the signature) is not shown: the
    kiosk falls back to the offline rule, which refuses another kiosk's voucher."""
    k1, k2, _ = fleet
    code = issue_voucher(k1, 5000)

    def forge(resp, *_args, **_kw):
        if resp.request.path_url == "/v1/vouchers/balance":
            resp._content = resp.content.replace(b"5000", b"9000")
        return resp
    k2.client._session.hooks["response"].append(forge)
    with pytest.raises(MalformedReply):
        k2.client.voucher_balance(code)
    with pytest.raises(ServerUnavailable, match="offline: only vouchers issued at this kiosk"):
        k2.core.voucher_balance(code)
    k2.client._session.hooks["response"].remove(forge)
    assert k2.core.voucher_balance(code).balance == 5000


def test_restored_from_backup_redeeming_again_is_refused_and_visible(fleet, tmp_path):
    k1, k2, admin = fleet
    s = k1.core.start_topup(MSISDN, 10000)
    k1.core.pay_cash()
    k1.pay(2000)
    assert k1.core.cancel() == "choose"
    k1.core.keep_as_voucher()
    code = s.outcome.voucher_code
    backup = tmp_path / "backup.db"
    with sqlite3.connect(tmp_path / "K0001.db") as src, sqlite3.connect(backup) as dst:
        src.backup(dst)  # before the issued record went out
    k1.sync()
    k2.core.start_topup(MSISDN, 10000, confirmed=True)
    assert k2.core.redeem_voucher(code) == 2000
    k2.core.pay_cash()
    k2.pay(5000, 2000, 1000)
    assert ledger_row(admin, code)["status"] == "redeemed"
    k1.close()
    old = Kiosk(tmp_path, k1.url, "K0001", k1.secret.hex(), db=backup)
    try:
        old.offline()  # the offline rule: it believes the voucher unseen
        old.core.accept_allowance(old_allowance(admin, old))
        s3 = old.core.start_bill("CITY_WATER", "20260001")  # offline: open cash amount
        assert old.core.redeem_voucher(code) == 2000
        old.core.finish()
        assert s3.outcome and s3.outcome.status == "completed"
        old.client.base_url = k1.url
        old.client.probe()
        old.sync()
        parked = old.store.dead_letters()
        assert [p["record_type"] for p in parked] == ["voucher"]
        assert "voucher_spent" in parked[0]["reason"] or "double" in parked[0]["reason"] \
            or "not_reserved" in parked[0]["reason"]
        assert old.store.status().pending == 0  # the rest flowed
        alarms = [e["kind"] for e in ledger_row(admin, code)["events"]]
        assert "double_spend" in alarms
        assert [r["record_type"] for r in open_refusals(admin.app.state.db, "K0001")] == [
            "voucher"]
    finally:
        old.close()


def old_allowance(admin: Any, k: Kiosk) -> dict[str, Any]:
    return admin.app.state.allowances.grant(k.kid)


@pytest.mark.parametrize("policy", ["voucher", "credit"])
def test_a_fractional_bill_is_paid_in_cash(fleet, policy):
    """¥45.60 water bill + ¥1 fee (no overpayment: the change becomes a voucher);
    ¥128.50 electricity (overpayment taken as account credit)."""
    k1, _, _admin = fleet
    if policy == "voucher":
        s = k1.core.start_bill("CITY_WATER", "20260001")
        assert s.order.due == 4660 and not s.order.overpay_ok
        k1.core.pay_cash()
        k1.pay(2000, 2000, 500, 100)  # 46.00: 60 fen left, no note fits
        assert k1.validator.enabled == (100,)  # the one smallest note above: ¥1
        k1.pay(100)
        out = s.outcome
        assert out and (out.status, out.total, out.cash, out.voucher_amount) == (
            "completed", 4660, 4700, 40)
        assert out.voucher_code
    else:
        account = "100000001" + luhn_check_digit("100000001")
        s = k1.core.start_bill("STATE_GRID", account)
        assert s.order.due == 12850 and s.order.overpay_ok
        k1.core.pay_cash()
        k1.pay(10000, 2000, 500, 500)
        assert k1.core.finish() == "ended"
        out = s.outcome
        assert out and (out.status, out.gross, out.voucher_amount) == ("completed", 13000, 0)
    k1.sync()
    assert k1.store.status().dead_letters == 0 and k1.store.status().pending == 0


def test_cancel_both_ways_and_finish_short(fleet):
    k1, _, admin = fleet
    s = k1.core.start_topup(MSISDN, 5000)
    k1.core.pay_cash()
    k1.pay(2000)
    assert k1.core.finish() == "choose"  # "完成并支付" with less: the same question
    assert k1.core.cancel() == "choose"
    k1.core.complete_with_paid()
    assert s.outcome and (s.outcome.status, s.outcome.gross) == ("completed", 2000)
    s2 = k1.core.start_topup(MSISDN, 5000, confirmed=True)
    k1.core.pay_cash()
    k1.pay(2000)
    assert k1.core.cancel() == "choose"
    k1.core.keep_as_voucher()
    assert s2.outcome and (s2.outcome.status, s2.outcome.voucher_amount) == ("credited", 2000)
    k1.sync()
    assert ledger_row(admin, s2.outcome.voucher_code)["balance"] == 2000
    assert [t["status"] for t in admin.transactions("K0001")] == ["completed", "credited"]


def test_offline_terms_come_from_the_server_allowance(fleet):
    k1, _, admin = fleet
    admin.app.state.allowances.set_policy("K0001", per_transaction=3000, total=5000, count=1)
    assert k1.core.renew_allowance(force=True)
    k1.offline()
    av = k1.core.availability()
    assert av.cash and av.cash_cap == 3000 and av.offline_terms_h == 24
    s = k1.core.start_bill("CITY_WATER", "20260001")
    k1.core.pay_cash()
    k1.pay(2000)
    k1.core.finish()
    assert s.outcome and s.outcome.status == "completed"
    av = k1.core.availability()  # one unsynced cash transaction: the count cap
    assert not av.cash and "count" in str(av.cash_reason)
    # online again but the queue stalled: the same limits hold
    k1.client.base_url = k1.url
    k1.client.probe()
    assert k1.core.online and not k1.core.availability().cash
    k1.sync()
    assert k1.core.availability().cash


def test_offline_without_a_valid_allowance_takes_no_cash(fleet):
    k1, _, admin = fleet
    admin.app.state.allowances.set_policy("K0001", valid_s=60)
    assert k1.core.renew_allowance(force=True)
    k1.offline()
    assert k1.core.availability().cash
    k1.core.wall_clock = lambda: 10**10  # far past the grant's expiry
    av = k1.core.availability()
    assert not av.cash and "allowance" in str(av.cash_reason)
    with pytest.raises(ServerUnavailable):
        k1.core.start_bill("STATE_GRID", "1000000016")


def test_a_parked_settlement_lets_the_rest_flow_and_retry_takes_it(fleet, tmp_path):
    k1, _, admin = fleet
    key = SigningKey.load_or_create(tmp_path / "k1-keys")
    settlement = Settlement(k1.store, key, kiosk_id="K0001", currency="CNY", clock=time.time)
    s = k1.core.start_topup(MSISDN, 3000)
    k1.core.pay_cash()
    k1.pay(2000, 1000)
    settlement.close("collection")  # the server has no public key for K0001 yet
    s2 = k1.core.start_topup(MSISDN, 5000)
    k1.core.pay_cash()
    k1.pay(5000)
    assert s.outcome and s2.outcome
    k1.sync()
    status = k1.store.status()
    assert (status.pending, status.dead_letters) == (0, 1)  # parked, the rest delivered
    assert {t["transaction_id"] for t in admin.transactions("K0001")} == {
        s.outcome.transaction_id, s2.outcome.transaction_id}
    assert [r["error"] for r in open_refusals(admin.app.state.db, "K0001")] == [
        "no_public_key"]
    admin.set_key("K0001", key.public_key_hex)
    parked = k1.store.dead_letters()[0]
    assert k1.store.requeue_dead_letter(parked["record_id"])
    k1.sync()
    assert k1.store.status().dead_letters == 0 and k1.store.status().pending == 0
    assert open_refusals(admin.app.state.db, "K0001") == []


def test_duplicate_topup_asks_for_confirmation(fleet):
    k1, _, _ = fleet
    s = k1.core.start_topup(MSISDN, 3000)
    k1.core.pay_cash()
    k1.pay(2000, 1000)
    assert s.outcome and s.outcome.status == "completed"
    with pytest.raises(DuplicateSuspected) as exc:
        k1.core.start_topup(MSISDN, 3000)
    assert exc.value.earlier_at == s.outcome.record["completed_at"]
    k1.core.start_topup("13800138001", 3000).cancel()  # another number: no question
    k1.core.start_topup(MSISDN, 5000).cancel()  # another amount: no question
    assert k1.core.start_topup(MSISDN, 3000, confirmed=True).order.gross == 3000

"""End to end: emulated validator + emulated card terminal + the real reference server.

Each scenario is reconciled to the fen: what the emulator stacked/charged equals what the
kiosk journaled equals what the server holds after sync.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.catalog import luhn_check_digit
from central.testing import run_server
from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.zvt import ZvtEmulator
from devices.factory import open_bill_validator
from devices.zvt import open_card_terminal
from kiosk.config import load
from kiosk.payment.core import KioskCore
from kiosk.remote.server_client import ServerClient
from lab.central_proc import free_port
from offline_queue import HmacAuth, Store, SyncWorker

FAST = {"poll_interval_s": 0.02, "response_timeout_s": 0.08, "retries": 2,
        "reconnect_initial_s": 0.05, "reconnect_max_s": 0.2, "init_timeout_s": 2.0}
KIOSK = "K0001"
pytestmark = pytest.mark.slow



class Kiosk:
    """One kiosk process: store, drivers, core; ``crash`` drops it without cleanup."""

    def __init__(self, tmp: Path, base_url: str, secret: str, emu: CcnetEmulator,
                 card: ZvtEmulator | None = None) -> None:
        self.auth = HmacAuth(KIOSK, bytes.fromhex(secret))
        self.store = Store(tmp / "kiosk.db")
        self.validator: Any = open_bill_validator("ccnet", emu.path, **FAST)
        self.terminal = open_card_terminal(card.port, ack_timeout=0.5, payment_timeout=5.0,
                                           command_timeout=3.0, abort_wait=2.0,
                                           reconnect_timeout=3.0,
                                           reconnect_interval=0.05) if card else None
        self.client = ServerClient(base_url, self.auth, kiosk_id=KIOSK, connect_timeout=1.0,
                                   read_timeout=5.0)
        self.client.probe()
        self.core = KioskCore(load(None, env={}), self.store, validator=self.validator,
                              terminal=self.terminal, server=self.client)
        self.events: list[Any] = []
        self.core.add_observer(self.events.append)
        self.validator.start()
        self.report = self.core.start(device_wait_s=5.0)
        self.core.refresh_catalog()

    def sync(self, base_url: str) -> int:
        worker = SyncWorker(self.store, base_url, self.auth, kiosk_id=KIOSK)
        return worker.sync_once()

    def close(self) -> None:
        self.validator.close()
        if self.terminal is not None:
            self.terminal.close()
        self.store.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any, str]]:
    with run_server(tmp_path / "central.db") as (base_url, admin):
        yield base_url, admin, admin.add_kiosk(KIOSK)


@pytest.fixture
def emu() -> Iterator[CcnetEmulator]:
    e = CcnetEmulator()
    e.start()
    yield e
    e.stop()


@pytest.fixture
def card(tmp_path: Path) -> Iterator[ZvtEmulator]:
    e = ZvtEmulator(str(tmp_path / "card"), ack_timeout=1.0).start()
    yield e
    e.stop()


def wait_enabled(emu: CcnetEmulator) -> None:
    done = threading.Event()
    for _ in range(500):
        if emu.model.enabled:
            return
        done.wait(0.01)
    raise AssertionError("validator never enabled")


def wait_for(cond: Any, timeout: float = 10.0) -> None:
    pause = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if cond():
            return
        pause.wait(0.01)
    raise AssertionError("condition not met in time")


def insert(emu: CcnetEmulator, session: Any, amount: int) -> None:
    """Insert one note and wait until the kiosk credited it (or the session ended)."""
    before = session.cash
    emu.insert_note(amount)
    wait_for(lambda: session.cash == before + amount or session.ended.is_set())


def server_cash(admin: Any) -> int:
    return sum(int(t["cash"] or 0) for t in admin.transactions(KIOSK))


def test_cash_topup_reconciles_at_server(tmp_path, server, emu):
    base_url, admin, secret = server
    k = Kiosk(tmp_path, base_url, secret, emu)
    try:
        s = k.core.start_topup("13800138000", 10000)
        k.core.pay_cash()
        wait_enabled(emu)
        insert(emu, s, 5000)
        wait_enabled(emu)
        insert(emu, s, 5000)
        assert s.ended.wait(10)
        assert s.outcome and s.outcome.status == "completed" and s.outcome.cash == 10000
        assert k.sync(base_url) >= 1
        txns = admin.transactions(KIOSK)
        assert [(t["status"], t["gross"], t["cash"]) for t in txns] == [("completed", 10000, 10000)]
        assert sum(emu.notes_stacked) == server_cash(admin) == 10000
    finally:
        k.close()


def test_card_bill_payment_confirmed_by_server(tmp_path, server, emu, card):
    base_url, admin, secret = server
    k = Kiosk(tmp_path, base_url, secret, emu, card)
    try:
        account = "100000001" + luhn_check_digit("100000001")
        assert k.core.query_bill("STATE_GRID", account).amount_due == 12850
        s = k.core.start_bill("STATE_GRID", account)
        k.core.pay_card()
        assert s.ended.wait(15)
        out = s.outcome
        assert out and out.status == "completed" and out.card == 12850 and out.gross == 12850
        assert out.commission == 39  # 30 bp of 128.50, half up
        server_view = admin.transactions(KIOSK)
        assert [(t["status"], t["card"]) for t in server_view] == [("completed", 12850)]
        k.sync(base_url)  # the queued copy is a harmless duplicate
        assert k.store.status().dead_letters == 0 and k.store.status().pending == 0
        assert sum(t.amount for t in card.txns if not t.reversed) == 12850
        assert "*" in out.record["card_info"]["masked_pan"]
    finally:
        k.close()


def test_offline_cash_topup_synced_later(tmp_path, server, emu):
    base_url, admin, secret = server
    dead = f"http://127.0.0.1:{free_port()}"
    k = Kiosk(tmp_path, dead, secret, emu)
    try:
        av = k.core.availability()
        assert av.cash and not av.card and not av.queries
        assert av.cash_cap == 50000  # limits.max_offline_transaction
        s = k.core.start_topup("13800138000", None)
        k.core.pay_cash()
        wait_enabled(emu)
        insert(emu, s, 2000)
        insert(emu, s, 1000)
        k.core.finish()
        assert s.outcome and s.outcome.status == "completed" and s.outcome.total == 3000
        assert k.core.ledger.backlog().unsynced_total == 3000
        assert admin.transactions(KIOSK) == []
        assert k.sync(base_url) >= 1  # the network is back
        assert server_cash(admin) == sum(emu.notes_stacked) == 3000
        assert k.core.ledger.backlog().unsynced_total == 0
    finally:
        k.close()


def test_crash_with_note_in_escrow_and_two_stacked(tmp_path, server, emu):
    base_url, admin, secret = server
    k = Kiosk(tmp_path, base_url, secret, emu)
    s = k.core.start_topup("13800138000", None)
    k.core.pay_cash()
    wait_enabled(emu)
    insert(emu, s, 10000)
    insert(emu, s, 5000)
    assert s.cash == 15000
    escrowed = threading.Event()
    decide = k.core._decide_escrow

    def freeze(ev: Any) -> Any:
        answer = decide(ev)  # recorded durably, STACK decided...
        emu.set_silent(True)  # ...and the process dies before the device hears it
        escrowed.set()
        return answer
    k.validator.set_escrow_decider(freeze)
    emu.insert_note(2000)
    assert escrowed.wait(5)
    k.validator.close()  # crash: no finalize, no cleanup of the session
    k.store.close()
    emu.set_silent(False)
    emu.power_cycle(note_in="stacker")  # the note went on into the cassette
    k2 = Kiosk(tmp_path, base_url, secret, emu)
    try:
        resolved = k2.report.outcomes
        assert [(o.status, o.cash) for o in resolved] == [("completed", 17000)]
        assert k2.core.ledger.open_transactions() == []
        k2.sync(base_url)
        assert sum(emu.notes_stacked) == 17000 == server_cash(admin)
        [t] = admin.transactions(KIOSK)
        assert (t["status"], t["gross"], t["total"]) == ("completed", 17000, 17000)
    finally:
        k2.close()

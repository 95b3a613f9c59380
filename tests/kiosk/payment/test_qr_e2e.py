"""QR payments through the kiosk's payment session, end to end: a real pty scanner
(emulator + driver), the kiosk core, the real central server and the provider emulator
on 127.0.0.1, all on one injected clock (request signatures carry timestamps; the
server's 45 s "confirm on your phone" limit and the order's lifetime run on it)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.payments import keys
from central.payments.emulator_app import ProviderEmulator
from central.payments.emulator_book import Book
from central.payments.routes import CONFIG_ENV
from central.testing import run_server
from devices.emulators.scanner import ScannerEmulator
from devices.scanner.driver import ScannerDriver, ScannerTiming
from kiosk.config import load
from kiosk.payment.core import KioskCore
from kiosk.payment.qr_flow import order_no
from kiosk.remote.server_client import ServerClient
from offline_queue import HmacAuth, Store

KIOSK = "K0001"
NUMBER = "13800138000"


class Clock:
    """Near real time (signatures are checked within 5 minutes), moved by the test."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Kiosk:
    """One kiosk life: store, client, core; ``restart()`` is a crash and a new life."""

    def __init__(self, tmp: Path, url: str, secret: bytes, clock: Clock, scanner: Any):
        self.tmp, self.url, self.secret, self.clock, self.scanner = tmp, url, secret, clock, \
            scanner
        self.events: queue.Queue[Any] = queue.Queue()
        self.ended = threading.Event()
        self._open()

    def _open(self) -> None:
        self.store = Store(self.tmp / "kiosk.db", clock=self.clock)
        self.client = ServerClient(self.url, HmacAuth(KIOSK, self.secret, clock=self.clock),
                                   kiosk_id=KIOSK, connect_timeout=2.0, read_timeout=10.0)
        assert self.client.probe()
        self.core = KioskCore(load(None, env={}), self.store, server=self.client,
                              wall_clock=self.clock, clock=self.clock,
                              run_async=lambda fn: fn(), scanner=self.scanner)
        self.core.add_observer(self._observe)
        self.report = self.core.start(device_wait_s=0)

    def _observe(self, ev: Any) -> None:
        self.events.put(ev)
        if ev.kind == "ended":
            self.ended.set()

    def restart(self) -> None:
        self.core.close()
        self.store.close()
        self.scanner.listeners_reset()
        self._open()

    def qr_steps(self) -> list[str]:
        out = []
        while not self.events.empty():
            ev = self.events.get_nowait()
            if ev.kind == "qr":
                out.append(str(ev.detail.get("step")))
        return out

    def tick(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.core.tick()


class Scanner:
    """The real driver on the emulator's pty; the core registers as a listener."""

    def __init__(self, tmp: Path) -> None:
        self.emu = ScannerEmulator(str(tmp / "scanner"))
        self.emu.start()
        self.driver = ScannerDriver(self.emu.port, timing=ScannerTiming(reply_timeout_s=0.2))
        ready = threading.Event()
        self.driver.add_listener(lambda e: ready.set() if e.event == "ready" else None)
        self.listeners: list[Any] = []
        self.driver.add_listener(lambda e: [fn(e) for fn in list(self.listeners)])
        self.driver.start()
        assert ready.wait(5)

    # what KioskCore uses
    def add_listener(self, fn: Any) -> None:
        self.listeners.append(fn)

    def listeners_reset(self) -> None:
        self.listeners.clear()

    def enable(self) -> None:
        self.driver.enable()

    def disable(self) -> None:
        self.driver.disable()

    @property
    def enabled(self) -> bool:
        return self.driver.enabled

    def show(self, code: str, kiosk: Kiosk, until: Any) -> None:
        """Hold a phone in front of the scanner; wait (bounded) until ``until()``."""
        self.emu.present(code)
        deadline = time.monotonic() + 10
        pause = threading.Event()
        while not until():
            assert time.monotonic() < deadline, "scanned code never reached the session"
            pause.wait(0.01)
        self.emu.remove()


@pytest.fixture(scope="module")
def key_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return keys.generate(tmp_path_factory.mktemp("qr-keys"))


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key_paths: dict[str, Path]
        ) -> Iterator[dict[str, Any]]:
    clock = Clock()
    provider = ProviderEmulator(key_paths, book=Book(clock=clock))
    with provider.serve():
        config = keys.write_config(tmp_path / "payments.toml", key_paths,
                                   base_url=provider.base_url, notify_url="http://x.invalid/")
        monkeypatch.setenv(CONFIG_ENV, str(config))
        with run_server(tmp_path / "central.db", clock=clock) as (url, admin):
            provider.notify_override = f"{url}/v1/qr/notify/wechat"
            qr = admin.app.state.qr
            qr.query_interval_s = 0.0  # the server queries whenever the kiosk asks
            secret = bytes.fromhex(admin.add_kiosk(KIOSK))
            scanner = Scanner(tmp_path)
            kiosk = Kiosk(tmp_path, url, secret, clock, scanner)
            kiosk.core.refresh_catalog()
            try:
                yield {"kiosk": kiosk, "core": kiosk.core, "provider": provider, "qr": qr,
                       "scanner": scanner, "clock": clock}
            finally:
                kiosk.core.close()
                kiosk.store.close()
                scanner.driver.close()
                scanner.emu.stop()


def server_row(rig: dict[str, Any], tid: str) -> dict[str, Any]:
    row = rig["qr"].row(tid)
    assert row is not None
    return dict(row)


def scan(rig: dict[str, Any], code: str, session: Any) -> None:
    kiosk = rig["kiosk"]
    def answered() -> bool:  # the server's reply to this code is applied
        with session._lock:
            state = session.state.value
            return state in ("ready", "ended") or (
                state == "qr_wait" and session.qr_flow.status is not None)
    rig["scanner"].show(code, kiosk, answered)


def test_availability_names_wallets_and_needs_scanner_and_network(rig):
    core, scanner = rig["core"], rig["scanner"]
    av = core.availability()
    assert av.qr and av.qr_code and av.wallets == ("wechat",)
    core.server.set_online(False)
    av = core.availability()
    assert not av.qr and "offline" in str(av.qr_reason) and not av.qr_code
    core.server.set_online(True)
    gone = threading.Event()
    scanner.add_listener(lambda e: gone.set() if e.event == "disconnected" else None)
    scanner.emu.unplug()
    assert gone.wait(5)
    av = core.availability()
    assert av.qr and not av.qr_code and "scanner" in str(av.qr_code_reason)


def test_payment_code_success_credits_only_the_confirmed_amount(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 5000)
    assert not rig["scanner"].enabled
    core.pay_qr("code")
    assert s.state.value == "qr_scan" and rig["scanner"].enabled
    scan(rig, "134567890123456780", s)  # last digit 0: the provider approves at once
    assert kiosk.ended.is_set() and s.outcome is not None
    assert s.outcome.status == "completed" and s.outcome.total == 5000
    assert s.outcome.record["method"] == "qr" and s.outcome.record["cash"] == 0
    assert not rig["scanner"].enabled
    assert server_row(rig, s.txn_id)["state"] == "paid"
    lines = "\n".join(core.receipt(s.outcome).lines)
    assert "微信支付" in lines and order_no(s.txn_id) in lines
    assert "134567890123456780" not in lines
    # the code is nowhere in the kiosk's store (journal, outbox, rows)
    dump = "\n".join(str(r) for t in ("journal", "outbox", "kiosk_transactions",
                                      "kiosk_status_history")
                     for r in kiosk.store.query(f"SELECT * FROM {t}"))
    assert "134567890123456780" not in dump


def test_user_paying_then_success(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456786", s)  # 6: confirm on the phone, paid after 2 queries
    assert s.state.value == "qr_wait"
    assert "confirm_on_phone" in kiosk.qr_steps()
    kiosk.tick(2.0)
    kiosk.tick(2.0)
    assert s.outcome is not None and s.outcome.status == "completed"
    assert len(rig["provider"].book.trades) == 1


def test_user_paying_then_timeout_is_reversed_and_nothing_credited(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456787", s)  # 7: never confirmed on the phone
    first = s.txn_id
    for _ in range(30):
        kiosk.tick(2.0)
        if s.state.value != "qr_wait":
            break
    assert s.state.value == "ready" and s.txn_id is None and not s.ended.is_set()
    assert "failed" in kiosk.qr_steps()
    assert server_row(rig, first)["state"] == "reversed"
    assert rig["provider"].book.trades[order_no(first)].state in ("REVOKED", "CLOSED")
    assert kiosk.core.ledger.row(first)["status"] == "cancelled"
    assert kiosk.core.ledger.row(first)["qr"] == 0


def test_decline_then_new_attempt_with_its_own_key(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456788", s)  # 8: NOTENOUGH
    first = kiosk.core.ledger.open_transactions()
    assert s.state.value == "ready"
    failed = [e for e in list(kiosk.events.queue) if e.kind == "qr"
              and e.detail.get("step") == "failed"]
    assert failed and failed[-1].detail["reason"] == "insufficient_balance"
    assert not first  # the declined attempt is finalized on its own
    core.pay_qr("code")
    scan(rig, "134567890123456781", s)
    assert s.outcome is not None and s.outcome.status == "completed"
    trades = rig["provider"].book.trades
    assert len(trades) == 2 and order_no(s.txn_id) in trades


def test_same_code_twice_is_refused_before_the_provider(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456782", s)
    assert s.outcome is not None and s.outcome.status == "completed"
    kiosk.ended.clear()
    s2 = core.start_topup(NUMBER, 3000, confirmed=True)  # past the duplicate guard
    core.pay_qr("code")
    scan(rig, "134567890123456782", s2)  # the same phone screen for the next customer
    assert s2.state.value == "ready" and not s2.ended.is_set()
    failed = [e for e in list(kiosk.events.queue) if e.kind == "qr"
              and e.detail.get("step") == "failed"]
    assert failed[-1].detail["reason"] == "code_used"
    assert len(rig["provider"].book.trades) == 1


def test_customer_cancels_while_confirming_on_phone(rig):
    core = rig["core"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456787", s)
    tid = s.txn_id
    core.cancel()
    assert s.outcome is not None and s.outcome.status == "cancelled"
    assert server_row(rig, tid)["state"] == "reversed"


@pytest.mark.parametrize("notify_first", [True, False])
def test_dynamic_code_paid_notification_before_or_after_query(rig, notify_first):
    core, kiosk, provider = rig["core"], rig["kiosk"], rig["provider"]
    s = core.start_topup(NUMBER, 5000)
    core.pay_qr("show")
    assert s.state.value == "qr_show" and not rig["scanner"].enabled
    shown = [e for e in list(kiosk.events.queue) if e.kind == "qr"
             and e.detail.get("step") == "show"]
    assert shown and shown[0].detail["code_url"].startswith("weixin://")
    assert shown[0].detail["deadline"] > rig["clock"]()
    provider.book.customer_pays(order_no(s.txn_id))
    if notify_first:
        assert provider.deliver() == [204]
    kiosk.tick(2.0)
    assert s.outcome is not None and s.outcome.status == "completed"
    if not notify_first:
        assert provider.deliver() == [204]  # a late notification changes nothing
    assert server_row(rig, s.txn_id)["state"] == "paid"


def test_dynamic_code_expires_then_late_payment_is_refunded(rig):
    core, kiosk, provider = rig["core"], rig["kiosk"], rig["provider"]
    s = core.start_topup(NUMBER, 5000)
    core.pay_qr("show")
    tid = s.txn_id
    for _ in range(80):
        kiosk.tick(2.0)
        if s.state.value != "qr_show":
            break
    assert s.state.value == "ready" and not s.ended.is_set()
    assert server_row(rig, tid)["state"] == "closed"
    steps = kiosk.qr_steps()
    assert "failed" in steps
    provider.book.customer_pays(order_no(tid), even_if_closed=True)
    assert provider.deliver() == [204]
    assert server_row(rig, tid)["state"] == "refunded"
    assert kiosk.core.ledger.row(tid)["status"] == "cancelled"  # the kiosk took nothing
    core.cancel()
    assert s.ended.is_set()


def test_crash_with_a_charge_in_flight_is_settled_with_the_server(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    tid = {}

    def crash_before_reply(*_a: Any, **_k: Any) -> None:
        tid["id"] = s.txn_id
        raise SystemExit  # the process dies with the request out

    real = core.qr.charge
    core.qr.charge = lambda *a, **k: (real(*a, **k), crash_before_reply())  # type: ignore
    with pytest.raises(SystemExit):
        s.qr_flow.on_code("134567890123456783")
    assert kiosk.core.ledger.row(tid["id"])["status"] == "qr_pending"
    kiosk.restart()  # recovery leaves it open (only the server knows) ...
    assert any("QR payment in flight" in f for f in kiosk.report.flags)
    kiosk.core.refresh_catalog()  # ... and asks the server once online
    row = kiosk.core.ledger.row(tid["id"])
    assert row["status"] == "completed" and row["qr"] == 3000 and row["method"] == "qr"


def test_crash_while_user_paying_is_reversed_after_restart(rig):
    core, kiosk = rig["core"], rig["kiosk"]
    s = core.start_topup(NUMBER, 3000)
    core.pay_qr("code")
    scan(rig, "134567890123456787", s)
    tid = s.txn_id
    kiosk.restart()
    kiosk.core.refresh_catalog()
    assert kiosk.core.ledger.row(tid)["status"] == "cancelled"
    assert server_row(rig, tid)["state"] == "reversed"

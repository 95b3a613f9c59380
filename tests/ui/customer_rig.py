"""A fast customer kiosk for UI tests: the real ``KioskCore``, UI and maintenance stack
over fake devices and a fake server, all on one fake clock.

Why not ``lab.demo.rig``: the demo rig starts the reference server and emulators on
ptys (seconds per test); the screens' decisions (what a declined card, a jam, an unknown
account or a suspended number look like) need only the core's answers. Card payments
run synchronously on the bridge's worker (``run_async`` calls at once).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.bill_validator import Ready
from devices.card_terminal import CardResult
from kiosk.errors import ServerRejected, ServerUnavailable
from kiosk.remote.server_client import BillInfo, MobileInfo
from tests.support.fakes import FakeClock, FakePrinter, FakeTerminal, FakeValidator
from tests.ui.conftest import wait_until

CATALOG = {"version": "1", "billers": [
    {"code": "CITY_WATER", "name_zh": "自来水", "name_en": "City water",
     "account_pattern": r"^\d{8}$", "account_length": 8, "check_digit": None,
     "allow_overpay": False, "allow_offline_cash": True,
     "fee": {"type": "fixed", "value": 100}, "commission_bp": 50},
]}
WATER_ACCOUNT = "20260001"
PAID_UP_ACCOUNT = "20260002"  # nothing due
UNKNOWN_ACCOUNT = "20269999"
SUSPENDED = "13912340000"  # the reference server's suspended demo lines end in 0000


class FakeServer:
    """The central server's query and confirmation API, answering like the real one."""

    def __init__(self) -> None:
        self.online = True
        self.dues = {WATER_ACCOUNT: 4560, PAID_UP_ACCOUNT: 0}
        self.balances: dict[str, int] = {}
        self.confirmed: list[str] = []
        self.vouchers: dict[str, int] = {}  # code -> balance, as the server's ledger holds
        self.reserved: dict[str, str] = {}  # code -> session id
        self.reserve_calls: list[str] = []  # session ids, in order
        self.balance_calls: list[str] = []  # codes looked up read-only

    def probe(self) -> bool:
        return self.online

    def billers(self) -> dict[str, Any]:
        return CATALOG

    def _up(self) -> None:
        if not self.online:
            raise ServerUnavailable("GET: ConnectionError")

    def mobile(self, msisdn: str) -> MobileInfo:
        self._up()
        return MobileInfo(msisdn, "China Mobile", not msisdn.endswith("0000"),
                          self.balances.get(msisdn, 1234))

    def bill(self, biller: str, account: str) -> BillInfo:
        self._up()
        if account not in self.dues:
            raise ServerRejected("unknown_account", 404)
        return BillInfo(biller, account, "张*明", self.dues[account], "CNY", "2026-12-20",
                        f"B-{account}")

    def allowance(self) -> dict[str, Any]:
        raise ServerUnavailable("no offline allowance from the fake server")

    def voucher_balance(self, code: str, session_id: str | None = None) -> dict[str, Any]:
        """Read-only, like the server's ``POST /v1/vouchers/balance``."""
        self._up()
        self.balance_calls.append(code)
        if code not in self.vouchers:
            raise ServerRejected("unknown_voucher", 404)
        state = ("redeemed" if self.vouchers[code] <= 0 else
                 "reserved" if self.reserved.get(code, session_id) != session_id else "active")
        return {"code": code, "state": state, "balance": max(0, self.vouchers[code]),
                "currency": "CNY"}

    def reserve_voucher(self, code: str, session_id: str) -> dict[str, Any]:
        self._up()
        self.reserve_calls.append(session_id)
        if code not in self.vouchers:
            raise ServerRejected("unknown_voucher", 404)
        if self.vouchers[code] <= 0:
            raise ServerRejected("voucher_spent", 409)
        if self.reserved.get(code, session_id) != session_id:
            raise ServerRejected("voucher_reserved", 409)
        self.reserved[code] = session_id
        return {"code": code, "balance": self.vouchers[code], "currency": "CNY",
                "reserved_until": 0}

    def redeem_voucher(self, code: str, session_id: str, redemption_id: str, amount: int,
                       transaction_id: str | None = None) -> dict[str, Any]:
        self._up()
        self.vouchers[code] -= amount
        self.reserved.pop(code, None)
        return {"code": code, "balance": self.vouchers[code]}

    def release_voucher(self, code: str, session_id: str) -> bool:
        self._up()
        return self.reserved.pop(code, None) == session_id

    def confirm_transaction(self, record: dict[str, Any], created_at: str) -> None:
        self._up()
        self.confirmed.append(record["transaction_id"])


@dataclass
class CustomerRig:
    flow: Any  # ui.customer.CustomerFlow
    core: Any
    maint: Any
    validator: FakeValidator
    terminal: FakeTerminal
    printer: FakePrinter
    server: FakeServer
    clock: FakeClock
    scanner: Any = None  # tests.support.fakes.FakeScanner, when the rig has one

    @property
    def window(self) -> Any:
        return self.flow.window

    def settle(self) -> None:
        wait_until(lambda: self.flow.bridge.pending == 0, "bridge idle")

    def at(self, name: str) -> None:
        wait_until(lambda: self.window.current.name == name and self.flow.bridge.pending == 0,
                   f"screen {name} (now {self.window.current.name})")

    # -- customer's taps ------------------------------------------------------------
    def tile(self, service: str) -> None:
        self.window.current.tiles[service].click()
        self.settle()

    def enter(self, screen: str, digits: str) -> None:
        self.at(screen)
        page = self.window.screens[screen]
        page.clear()
        for d in digits:
            page.type_digit(d)
        page.next_button.click()
        self.settle()

    def choose(self, screen: str, key: str) -> None:
        self.at(screen)
        self.window.screens[screen].tiles[key].click()
        self.settle()

    def pay(self, method: str) -> None:
        self.at("confirm")
        self.flow.confirm.buttons[method].click()
        self.settle()

    def insert(self, amount: int) -> None:
        self.validator.insert(amount)
        self.settle()

    def decline_next(self, reason: str = "insufficient funds") -> None:
        self.terminal.results.append(CardResult("declined", 0, reason=reason))

    def rows(self, screen: str) -> dict[str, str]:
        """The summary rows a screen shows (label -> value)."""
        return dict(self.window.screens[screen].summary.rows)


def build_rig(config: Any, store: Any, clock: FakeClock, translations: Any,
              lang: str = "en", secret: bytes | None = None,
              scanner: Any = None) -> CustomerRig:
    from kiosk.payment.core import KioskCore
    from kiosk.staff.setup import build_maintenance
    from ui.wiring import build_ui

    validator, terminal, printer, server = (FakeValidator(), FakeTerminal(), FakePrinter(),
                                            FakeServer())
    maint = build_maintenance(config, store, clock=clock,
                              devices={"bill_validator": validator, "printer": printer})
    core = KioskCore(config, store, validator=validator, terminal=terminal, printer=printer,
                     server=server, clock=clock, wall_clock=clock,  # type: ignore[arg-type]
                     run_async=lambda fn: fn(), in_service=maint.service_state.gate,
                     secret=secret, scanner=scanner)
    core.catalog.update(CATALOG)
    validator.emit(Ready(validator.denominations(), "CNY"))
    core.start(device_wait_s=0, settle_s=0)
    flow = build_ui(core, config, translations, lang, maint=maint)
    return CustomerRig(flow, core, maint, validator, terminal, printer, server, clock, scanner)


@contextmanager
def shown_rig(qtbot: Any, tmp_path: Path, clock: FakeClock,
              secret: bytes | None = None, scanner: Any = None) -> Iterator[CustomerRig]:
    """A rig on a fresh data dir, its portrait window shown and settled; shut down after."""
    from kiosk.config import load
    from offline_queue import Store
    from ui.i18n import Translations

    config = load(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.data_dir / "kiosk.db")
    r = build_rig(config, store, clock, Translations(tmp_path / "qm"), secret=secret,
                  scanner=scanner)
    qtbot.addWidget(r.window)
    r.window.resize(1080, 1920)
    r.window.show()
    r.settle()
    try:
        yield r
    finally:
        r.flow.bridge.shutdown()
        store.close()

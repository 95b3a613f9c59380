"""Kiosk side of QR payments over the real wire: a pty scanner, the kiosk's signed
client, the real central server and the provider emulator."""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from central.payments import keys
from central.payments.emulator_app import ProviderEmulator
from central.payments.routes import CONFIG_ENV
from central.testing import run_server
from devices.emulators.scanner import ScannerEmulator
from devices.scanner.driver import ScannerDriver, ScannerTiming
from kiosk.errors import ServerRejected
from kiosk.remote.qr_client import QrClient
from kiosk.remote.server_client import ServerClient
from offline_queue.auth import HmacAuth


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    key_paths = keys.generate(tmp_path / "keys")
    provider = ProviderEmulator(key_paths)
    with provider.serve():
        config = keys.write_config(tmp_path / "payments.toml", key_paths,
                                   base_url=provider.base_url, notify_url="http://x.invalid/")
        monkeypatch.setenv(CONFIG_ENV, str(config))
        with run_server(tmp_path / "central.db") as (url, admin):
            provider.notify_override = f"{url}/v1/qr/notify/wechat"
            admin.app.state.qr.query_interval_s = 0.0  # poll as fast as the kiosk asks
            secret = bytes.fromhex(admin.add_kiosk("K0001"))
            server = ServerClient(url, HmacAuth("K0001", secret), kiosk_id="K0001")
            scanner = ScannerEmulator(str(tmp_path / "scanner"))
            scanner.start()
            driver = ScannerDriver(scanner.port, timing=ScannerTiming(reply_timeout_s=0.2))
            codes: queue.Queue[str] = queue.Queue()
            ready = threading.Event()
            driver.add_listener(lambda e: codes.put(e.code) if e.event == "code" else None)
            driver.add_listener(lambda e: ready.set() if e.event == "ready" else None)
            driver.start()
            assert ready.wait(5)  # a code read before the port is open is lost
            try:
                yield {"qr": QrClient(server), "provider": provider, "scanner": scanner,
                       "driver": driver, "codes": codes}
            finally:
                driver.close()
                scanner.stop()


def scan(rig: dict[str, Any], code: str) -> str:
    rig["driver"].enable()
    rig["scanner"].present(code)
    got = rig["codes"].get(timeout=5)
    rig["driver"].disable()
    return str(got)


def test_offer_names_the_wallets(rig: dict[str, Any]) -> None:
    offer = rig["qr"].offer()
    assert offer.available and offer.wallets == ("wechat",) and "native" in offer.modes


def test_scanned_code_is_charged_once(rig: dict[str, Any]) -> None:
    tid = str(uuid.uuid4())
    code = scan(rig, "134567890123456780")
    status = rig["qr"].charge(tid, 8000, code, "话费充值")
    assert status.paid and status.final and status.wallet == "wechat"
    again = rig["qr"].charge(tid, 8000, code, "话费充值")  # a retry after a lost reply
    assert again.paid and len(rig["provider"].book.trades) == 1
    with pytest.raises(ServerRejected) as info:  # the same code for the next customer
        rig["qr"].charge(str(uuid.uuid4()), 8000, scan(rig, "134567890123456780"), "x")
    assert str(info.value) == "code_used"


def test_user_paying_then_success_by_polling(rig: dict[str, Any]) -> None:
    tid = str(uuid.uuid4())
    status = rig["qr"].charge(tid, 5000, scan(rig, "134567890123456786"), "电费")
    assert status.state == "user_paying" and status.next_step == "confirm_on_phone"
    seen = [rig["qr"].status(tid).state for _ in range(2)]
    assert seen[-1] == "paid"


def test_decline_and_native_order(rig: dict[str, Any]) -> None:
    declined = rig["qr"].charge(str(uuid.uuid4()), 5000, scan(rig, "134567890123456788"),
                                "电费")
    assert declined.final and declined.reason == "insufficient_balance"
    tid = str(uuid.uuid4())
    order = rig["qr"].order(tid, 3000, "话费充值")
    assert order.code_url and order.expires_in and not order.final
    rig["provider"].book.customer_pays(tid.replace("-", ""))
    assert rig["provider"].deliver() == [204]
    assert rig["qr"].status(tid).paid
    refunded = rig["qr"].cancel(tid, "topup_failed")
    assert refunded.state == "refunded" and refunded.refunded == 3000

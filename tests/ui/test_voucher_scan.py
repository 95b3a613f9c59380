"""Issue 15: a voucher's QR at the scanner fills and submits the voucher entry page.

Real window and core (``tests.ui.customer_rig``: fake server, validator and printer) with
the real scanner driver talking to the scanner emulator over a pty, as in
tests/devices/scanner: the scanner is on exactly while the entry page is shown (from the
home screen and from the payment choice), a voucher code read there is as if typed and
confirmed (the receipt prints the code as its own QR for this), anything else it reads (a
payment code) is ignored, and a code just refused is not asked about again while it lies
under the scanner.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.emulators.scanner import ScannerEmulator
from devices.scanner.driver import ScannerDriver, ScannerTiming
from kiosk.rules.vouchers import format_code, new_code
from tests.ui.conftest import wait_until
from tests.ui.customer_rig import shown_rig

NUMBER = "13800138000"
PAYMENT_CODE = "134567890123456789"  # a customer's 付款码: not a voucher
FAST = ScannerTiming(reply_timeout_s=0.2, repeat_window_s=0.5, reconnect_initial_s=0.05,
                     reconnect_max_s=0.2)


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[tuple[ScannerEmulator, ScannerDriver]]:
    emu = ScannerEmulator(str(tmp_path / "scanner"))
    emu.start()
    driver = ScannerDriver(emu.port, timing=FAST)
    driver.start()
    wait_until(lambda: driver.mode is not None, "scanner probed")
    yield emu, driver
    driver.close()
    emu.stop()


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock, scanner):
    with shown_rig(qtbot, tmp_path, fake_clock, scanner=scanner[1]) as r:
        yield r


def scanner_on(scanner: Any, on: bool = True) -> None:
    emu, driver = scanner
    wait_until(lambda: driver.enabled == on and emu.trigger_mode == (
        "presentation" if on else "trigger"), f"scanner {'on' if on else 'off'}")


def scan(scanner: Any, text: str) -> None:
    """Hold ``text`` under the scanner until the driver delivered it."""
    emu, driver = scanner
    n = driver.counters["codes"]
    emu.present(text)
    wait_until(lambda: driver.counters["codes"] > n, "code read")


def keep_as_voucher(rig, inserted: int = 2000) -> str:
    """A cancelled top-up with ``inserted`` in, kept as a voucher the server knows."""
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", "5000")
    rig.pay("cash")
    rig.insert(inserted)
    rig.flow.payment.cash.cancel.click()
    rig.choose("settle", "keep_as_voucher")
    rig.at("result")
    code = rig.flow.payment.last_event.outcome.voucher_code.replace("-", "")
    rig.server.vouchers[code] = inserted
    rig.window.go_home()
    rig.at("attract")
    return str(code)


def test_from_home_a_voucher_qr_fills_and_submits_the_code(rig, scanner):
    code = keep_as_voucher(rig)
    scanner_on(scanner, False)  # the home screen reads nothing
    rig.flow.attract.voucher.click()
    rig.at("voucher")
    scanner_on(scanner)
    wait_until(lambda: "under the scanner" in rig.flow.voucher.prompt.text(), "prompt")
    rig.window.set_language("zh_CN")
    assert rig.flow.voucher.prompt.text() == (
        "请输入凭证上的 16 位代码，\n或将凭证上的二维码对准扫码器")
    rig.window.set_language("en")
    scan(scanner, format_code(code))  # as printed: grouped by four
    rig.at("voucher_use")
    assert rig.flow.voucher.digits == code
    assert rig.server.balance_calls == [code]
    assert rig.flow.voucher_use.title.text().endswith(rig.flow.fmt(2000))
    scanner_on(scanner, False)  # off again once the page is left


def test_from_the_payment_choice_the_receipts_voucher_qr_is_applied(rig, scanner):
    code = keep_as_voucher(rig)
    printed = rig.printer.printed[-1]  # the kept-as-voucher receipt: what the customer holds
    assert printed.extra_qr == code
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", "3000")
    rig.pay("voucher")
    rig.at("voucher")
    scanner_on(scanner)
    scan(scanner, printed.extra_qr)
    rig.at("confirm")
    rows = rig.rows("confirm")
    assert rows["Voucher"] == "-" + rig.flow.fmt(2000)
    assert rows["Still to pay"] == rig.flow.fmt(1000)
    assert rig.server.reserved == {code: rig.flow.session.txn_id}
    scanner_on(scanner, False)


def test_other_codes_are_ignored_and_a_refused_code_is_not_asked_again(rig, scanner):
    unknown = new_code(random.Random(7), b"another kiosk's key".ljust(32, b"."))
    rig.flow.attract.voucher.click()
    rig.at("voucher")
    scanner_on(scanner)
    scan(scanner, PAYMENT_CODE)
    rig.settle()
    assert rig.window.current.name == "voucher" and rig.flow.voucher.digits == ""
    scan(scanner, unknown)
    rig.at("voucher")
    wait_until(lambda: rig.flow.voucher.message.text() == "This voucher code is not known",
               "refusal said")
    scanner_on(scanner)  # back on the page: on again
    scan(scanner, unknown)  # still under the scanner: read again, not asked again
    rig.settle()
    assert rig.server.balance_calls == [unknown]
    assert rig.flow.voucher.message.text() == "This voucher code is not known"
    rig.window.go_home()
    scanner_on(scanner, False)


def test_without_a_scanner_the_page_asks_for_typing_only(styled_app, qtbot, tmp_path,
                                                         fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock) as rig:
        rig.flow.attract.voucher.click()
        rig.at("voucher")
        assert rig.flow.voucher.prompt.text() == (
            "Enter the 16-digit code printed on your voucher")

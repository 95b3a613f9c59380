"""Every customer screen filled with sample content, for layout checks and screenshots.

Why sample content and not a live journey: a layout test must show the longest texts
(both languages, large text, both orientations) on every screen quickly and without
devices; the live journeys (``lab.demo.journeys``) then prove the wiring.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication

from kiosk.payment.lookup import FoundPayment
from kiosk.rules.money import Money
from ui.find import Answer, status_view
from ui.screens.attract import AttractScreen
from ui.screens.card import CardScreen
from ui.screens.cash import CashScreen, CashView
from ui.screens.choice import Choice, ChoiceScreen
from ui.screens.confirm import ConfirmScreen, MethodState
from ui.screens.find import PaymentStatusScreen
from ui.screens.number_entry import EntryCheck, NumberEntryScreen
from ui.screens.out_of_service import OutOfServiceScreen
from ui.screens.progress import ProcessingScreen
from ui.screens.result import ResultScreen, ResultView
from ui.window import KioskWindow

translate = QCoreApplication.translate


def add_gallery_screens(window: KioskWindow) -> None:
    for screen in (AttractScreen(), NumberEntryScreen("number", max_digits=11),
                   ChoiceScreen("amount"), ConfirmScreen(), CashScreen(), CardScreen(),
                   ProcessingScreen(), ResultScreen(), OutOfServiceScreen(),
                   PaymentStatusScreen()):
        window.add_screen(screen)


def gallery(window: KioskWindow) -> Iterator[str]:
    """Show each sample screen in turn; yields a screenshot name after each."""
    lang = window.lang

    def cny(minor: int) -> str:
        return Money(minor, "CNY").format(lang)

    window.show_screen("attract")
    yield "attract"
    number = window.screens["number"]
    assert isinstance(number, NumberEntryScreen)
    number.configure(lambda: translate("Gallery", "Mobile top-up"),
                     lambda: translate("Gallery", "Enter the mobile number to top up"),
                     lambda d: EntryCheck(len(d) == 11, "China Mobile" if len(d) == 11 else ""))
    window.show_screen("number")
    number.keypad.press("13800138000")
    yield "number"
    amount = window.screens["amount"]
    assert isinstance(amount, ChoiceScreen)
    amount.set_choices(translate("Gallery", "Choose an amount"), "138 0013 8000",
                       [Choice(str(v), cny(v)) for v in (3000, 5000, 10000, 20000, 30000)]
                       + [Choice("50000", cny(50000), enabled=False,
                                 reason=translate("Gallery", "Over the offline limit"))])
    window.show_screen("amount")
    yield "amount"
    confirm = window.screens["confirm"]
    assert isinstance(confirm, ConfirmScreen)
    confirm.show_summary(
        [(translate("Gallery", "Mobile number"), "138 0013 8000"),
         (translate("Gallery", "Operator"), translate("Gallery", "China Mobile")),
         (translate("Gallery", "Amount"), cny(10000)), (translate("Gallery", "Fee"), cny(0)),
         (translate("Gallery", "Total"), cny(10000))],
        [MethodState("cash", True),
         MethodState("card", False, translate("Gallery", "Card payment needs the network"))])
    window.show_screen("confirm")
    yield "confirm"
    cash = window.screens["cash"]
    assert isinstance(cash, CashScreen)
    cash.show_view(CashView(cny(5000), [(translate("Gallery", "Total"), cny(10000)),
                                        (translate("Gallery", "Remaining"), cny(5000))],
                            "¥10  ¥20  ¥50  ¥100", cny(100000), ["¥50 ✓"],
                            translate("Gallery", "Note accepted"), can_finish=True))
    window.show_screen("cash")
    yield "cash"
    window.still_there.set_remaining(17)
    window.still_there.popup()
    yield "still_there"
    window.still_there.hide()
    card = window.screens["card"]
    assert isinstance(card, CardScreen)
    card.show_amount(cny(10000))
    window.show_screen("card")
    yield "card"
    window.show_screen("processing")
    yield "processing"
    result = window.screens["result"]
    assert isinstance(result, ResultScreen)
    result.show_view(ResultView("success", translate("Gallery", "Payment successful"),
                                rows=[(translate("Gallery", "Reference"), "K0001-000042")],
                                receipt_note=translate("Gallery", "Scan for your receipt"),
                                qr_payload="K0001-000042 ¥100.00"))
    window.show_screen("result")
    yield "result"
    result.show_view(ResultView("credited", translate("Gallery", "Your money is kept"),
                                translate("Gallery", "Use this code at any kiosk"),
                                voucher_code="7K3M-9Q2X-PL4D"))
    yield "result_voucher"
    # Find my payment's fullest status page: a bill kept as a change voucher, a late
    # note credited to it, not yet sent, its receipt as a QR (the printer out of paper).
    status = window.screens["find_status"]
    assert isinstance(status, PaymentStatusScreen)
    found = FoundPayment(
        "123e4567-e89b-12d3-a456-426614174000", 123456789, "credited", "bill", None,
        "1000000012345678", "CNY", 123400, "1234567890123456", "2026-12-03T06:05:00Z",
        False, late_credits=(("6543210987654321", 10000),))
    status.show_view(status_view(lang, Answer(found, "123456789-955975", None),
                                 qr="https://bo.example.com/check?ref=R1.K0001."
                                 "123e4567-e89b-12d3-a456-426614174000.EVGS5CXI3LTYUE46",
                                 receipt_note=translate("PaymentView", "The printer cannot "
                                                        "print now: scan this code to keep "
                                                        "your receipt.")))
    window.show_screen("find_status")
    yield "find_status"
    oos = window.screens["out_of_service"]
    assert isinstance(oos, OutOfServiceScreen)
    oos.show_reasons(["device:bill_validator"], ["device:bill_validator: jam"])
    window.show_screen("out_of_service")
    yield "out_of_service"
    window.set_banner(translate("Gallery", "Offline: cash top-up still works"))
    window.show_screen("attract")
    yield "attract_offline"
    window.set_banner(None)

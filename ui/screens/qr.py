"""Paying by QR (扫码支付): the customer's payment code at the scanner, or a code on screen.

Why one screen with pages: the customer stays on "the QR payment" while it moves from
"show your payment code" to "confirm on your phone" to the outcome, and every page has
one clear thing to do. Pages: ``choose`` (which way, each disabled with its reason),
``scan`` (the scanner is on only now), ``wait`` / ``phone`` (the server charges the
code; the customer may have to confirm on the phone), ``show`` (the dynamic QR with its
countdown), ``cancelling`` and ``failed`` (the reason and what to do next; nothing was
charged unless the page says the money is on its way back to the wallet).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QProgressBar, QPushButton, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.qr import QrLabel

translate = QCoreApplication.translate
PAGES = ("choose", "scan", "wait", "phone", "show", "cancelling", "failed")
MODES = ("code", "show")


def wallet_name(wallet: str) -> str:
    return {"wechat": translate("QrScreen", "WeChat Pay"),
            "alipay": translate("QrScreen", "Alipay"),
            "unionpay": translate("QrScreen", "UnionPay QR")}.get(wallet, wallet)


def wallets_text(wallets: Sequence[str]) -> str:
    names = "、".join(wallet_name(w) for w in wallets) if wallets else wallet_name("wechat")
    return translate("QrScreen", "Accepted: %1").replace("%1", names)


def failure_text(reason: str, refunded: bool = False) -> str:
    """What happened and what to do next, for the server's or the kiosk's reason."""
    if refunded:
        return translate("QrScreen", "Your payment arrived after the code had expired. It "
                         "is being refunded to your wallet automatically.")
    texts = {
        "insufficient_balance": translate(
            "QrScreen", "Not enough balance. Choose another card in the wallet app, then "
            "scan again."),
        "card_not_supported": translate(
            "QrScreen", "This card cannot be used. Choose another card in the wallet app."),
        "code_expired": translate(
            "QrScreen", "The payment code has expired. Refresh it in the wallet app and "
            "scan again."),
        "code_used": translate(
            "QrScreen", "This payment code was already used. Refresh it in the wallet app "
            "and scan again."),
        "code_invalid": translate(
            "QrScreen", "This is not a payment code we accept. Open the payment code "
            "(付款码) in the wallet app."),
        "wallet_not_accepted": translate(
            "QrScreen", "This wallet is not accepted at this kiosk."),
        "declined": translate("QrScreen", "The payment was declined. Please choose another "
                              "way to pay."),
        "timeout": translate("QrScreen", "The payment was not confirmed on the phone in "
                             "time."),
        "expired": translate("QrScreen", "The QR code has expired."),
        "network": translate("QrScreen", "The network is too slow right now."),
        "scanner": translate("QrScreen", "The scanner is not working. Please scan the code "
                             "on the screen with your phone instead."),
    }
    text = texts.get(reason, translate("QrScreen", "The payment was not completed."))
    return text + "\n" + translate("QrScreen", "No money was taken.")


class QrScreen(Screen):
    name = "qr"
    back_allowed = False
    home_allowed = False
    mode_chosen = Signal(str)  # "code" | "show"
    back_requested = Signal()  # another way to pay
    cancel_requested = Signal()
    retry_requested = Signal()
    page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = "choose"
        self.mode = "code"
        self.title = label(name="title")
        self.amount = label(name="huge", wrap=False)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = label(name="title")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label(name="subtitle")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QrLabel()
        self.countdown = label(name="title", wrap=False)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.modes: dict[str, QPushButton] = {}
        self.reasons = {m: label(name="subtitle") for m in MODES}
        grid = QGridLayout()
        grid.setSpacing(24)
        for col, mode in enumerate(MODES):
            button = make_button()
            button.setMinimumHeight(160)
            button.clicked.connect(lambda _=False, m=mode: self.mode_chosen.emit(m))
            self.modes[mode] = button
            grid.addWidget(button, 0, col)
            grid.addWidget(self.reasons[mode], 1, col)
        self.retry = make_button()
        self.retry.clicked.connect(self.retry_requested.emit)
        self.back = make_button(role="nav")
        self.back.clicked.connect(self.back_requested.emit)
        self.cancel = make_button(role="nav")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.amount)
        self.body.addWidget(self.prompt)
        self.body.addLayout(grid)
        self.body.addWidget(self.code, 1)
        self.body.addWidget(self.countdown)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.body.addWidget(self.retry)
        self.body.addWidget(self.back)
        self.body.addWidget(self.cancel)
        self._deadline: float | None = None
        self._clock: Callable[[], float] | None = None
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.update_countdown)
        self.wallets: Sequence[str] = ("wechat",)
        self.reason, self.refunded = "", False
        self.retranslate()
        self._apply()

    # --- pages ----------------------------------------------------------------------------
    def show_choice(self, amount: str, wallets: Sequence[str], code_ok: bool, code_reason: str,
                    show_ok: bool, show_reason: str) -> None:
        self.amount.setText(amount)
        self.wallets = tuple(wallets)
        self.modes["code"].setEnabled(code_ok)
        self.modes["show"].setEnabled(show_ok)
        self.reasons["code"].setText("" if code_ok else code_reason)
        self.reasons["show"].setText("" if show_ok else show_reason)
        self.set_page("choose")

    def show_code(self, url: str, deadline: float, clock: Callable[[], float]) -> None:
        self._deadline, self._clock = deadline, clock
        self.code.set_payload(url, 256)  # fits a landscape screen in large text
        self.set_page("show")
        self.update_countdown()
        self.ticker.start()

    def show_failure(self, reason: str, refunded: bool = False) -> None:
        self.reason, self.refunded = reason, refunded
        self.set_page("failed")

    def set_page(self, page: str, mode: str | None = None) -> None:
        if mode is not None:
            self.mode = mode
        if page != "show":
            self.ticker.stop()
            self.code.set_payload("")
        changed = page != self.page
        self.page = page
        self._apply()
        if changed:
            self.page_changed.emit(page)

    def seconds_left(self) -> int:
        if self._deadline is None or self._clock is None:
            return 0
        return max(0, int(self._deadline - self._clock()))

    def update_countdown(self) -> None:
        self.countdown.setText(translate("QrScreen", "%1 s").replace(
            "%1", str(self.seconds_left())))

    def _apply(self) -> None:
        page = self.page
        on = {
            "choose": {"modes", "back", "amount"},
            "scan": {"amount", "back"},
            "wait": {"amount", "busy", "cancel"},
            "phone": {"amount", "busy", "cancel"},
            "show": {"code", "countdown", "cancel", "back"},
            "cancelling": {"busy"},
            "failed": {"retry", "back"},
        }[page]
        for button in self.modes.values():
            button.setVisible("modes" in on)
        for reason in self.reasons.values():
            reason.setVisible("modes" in on)
        self.amount.setVisible("amount" in on)
        self.code.setVisible("code" in on and bool(self.code.payload))
        self.countdown.setVisible("countdown" in on)
        self.busy.setVisible("busy" in on)
        self.retry.setVisible("retry" in on)
        self.back.setVisible("back" in on)
        self.cancel.setVisible("cancel" in on)
        self._texts()

    def _texts(self) -> None:
        page = self.page
        wallets = wallets_text(self.wallets)
        title = translate("QrScreen", "Pay by QR code")
        prompt, hint = "", wallets
        if page == "choose":
            prompt = translate("QrScreen", "How would you like to scan?")
        elif page == "scan":
            title = translate("QrScreen", "Show your payment code")
            prompt = translate("QrScreen", "Hold your payment code (付款码) under the scanner")
            hint = translate("QrScreen", "In WeChat: Me > Pay and Collect. %1").replace(
                "%1", wallets)
        elif page == "wait":
            prompt = translate("QrScreen", "Paying, please wait…")
            hint = translate("QrScreen", "Do not close the wallet app.")
        elif page == "phone":
            prompt = translate("QrScreen", "Please confirm the payment on your phone")
            hint = translate("QrScreen", "Enter your payment password in the wallet app.")
        elif page == "show":
            title = translate("QrScreen", "Scan this code with your phone")
            prompt = translate("QrScreen", "Open the wallet app, tap Scan and pay")
        elif page == "cancelling":
            prompt = translate("QrScreen", "Stopping the payment…")
            hint = translate("QrScreen", "Please wait a moment.")
        elif page == "failed":
            title = translate("QrScreen", "Payment not made")
            prompt = failure_text(self.reason, self.refunded)
            hint = ""
        self.title.setText(title)
        self.prompt.setText(prompt)
        self.hint.setText(hint)

    def retranslate(self) -> None:
        self.modes["code"].setText(translate("QrScreen", "Payment code"))
        self.modes["show"].setText(translate("QrScreen", "Scan a code with my phone"))
        self.retry.setText(translate("QrScreen", "Try again"))
        self.back.setText(translate("QrScreen", "Other ways to pay"))
        self.cancel.setText(translate("QrScreen", "Cancel payment"))
        if hasattr(self, "ticker"):
            self._texts()
            self.update_countdown()

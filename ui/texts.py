"""Customer words for the core's reasons, and money/number formatting for screens.

Why a table here: ``kiosk`` explains refusals in English developer words ("offline: card
payments need the server"); the customer needs a short translated sentence. Known
reasons map to translated texts; anything unknown gets a safe generic sentence (the
original goes to the log), so a new core message never shows up untranslated.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from kiosk.rules.money import Money

translate = QCoreApplication.translate
log = logging.getLogger(__name__)


def _reasons() -> list[tuple[str, Callable[[re.Match[str]], str]]]:

    return [
        (r"not a valid voucher code",
         lambda m: translate("Reasons", "This voucher code is not right, please check it")),
        (r"unknown voucher code",
         lambda m: translate("Reasons", "This voucher code is not known")),
        (r"voucher already used",
         lambda m: translate("Reasons", "This voucher has already been used")),
        (r"voucher is in use at another session",
         lambda m: translate("Reasons", "This voucher is being used at another kiosk; "
                             "try again in a few minutes")),
        (r"voucher has expired", lambda m: translate("Reasons", "This voucher has expired")),
        (r"voucher is being refunded",
         lambda m: translate("Reasons", "This voucher is being refunded at the service hall")),
        (r"too many voucher attempts",
         lambda m: translate("Reasons", "Too many attempts; please try again later")),
        (r"offline: only vouchers issued at this kiosk",
         lambda m: translate("Reasons", "While the network is down only vouchers from this "
                             "kiosk can be used")),
        (r"voucher is in another currency|this voucher is already applied",
         lambda m: translate("Reasons", "This voucher cannot be used for this payment")),
        (r"queue stalled",
         lambda m: translate("Reasons", "Cash is paused until the kiosk has sent its "
                             "records")),
        (r"no valid offline allowance|offline: unsynced count limit",
         lambda m: translate("Reasons", "Cash is paused until the network is back")),
        (r"bill validator not available",
         lambda m: translate("Reasons", "The note acceptor is out of order")),
        (r"card terminal not available",
         lambda m: translate("Reasons", "The card terminal is out of order")),
        (r"offline: card payments need the server|card payment is not available",
         lambda m: translate("Reasons", "Card payment needs the network")),
        (r"offline: QR payments need the server|QR payment is not available",
         lambda m: translate("Reasons", "QR payment needs the network")),
        (r"QR scanner not available",
         lambda m: translate("Reasons", "The code scanner is out of order")),
        (r"QR payments not configured",
         lambda m: translate("Reasons", "QR payment is not offered at this kiosk")),
        (r"offline: unsynced total limit reached|offline: oldest unsynced",
         lambda m: translate("Reasons", "Cash is paused until the network is back")),
        (r"offline: queries need the server|offline",
         lambda m: translate("Reasons", "Not available while the network is down")),
        (r"mobile number must be 11 digits",
         lambda m: translate("Reasons", "A mobile number has 11 digits and starts with 13 to 19")),
        (r"prefix \d+ is not served",
         lambda m: translate("Reasons", "This number's operator is not served here")),
        (r"this number cannot be topped up",
         lambda m: translate("Reasons", "This number cannot be topped up")),
        (r"account number must have (\d+)",
         lambda m: translate("Reasons", "The account number has %1 digits").replace(
             "%1", m.group(1))),
        (r"account number check digit|account number has the wrong format|must be digits",
         lambda m: translate("Reasons", "This account number is not valid, please check it")),
        (r"nothing is due", lambda m: translate("Reasons", "Nothing is due on this account")),
        # The server's codes (central.catalog): unknown_account, unknown_operator,
        # invalid_msisdn, invalid_account; "number not found" is the core's 404/422.
        (r"number not found|unknown[ _]operator|invalid[ _]msisdn",
         lambda m: translate("Reasons", "This number was not found, please check it and "
                             "enter it again")),
        (r"unknown[ _]account|unknown[ _]biller|invalid[ _]account|not found|404",
         lambda m: translate("Reasons", "This account was not found, please check it and "
                             "enter it again")),
        (r"card (declined|cancelled|timeout|error)|declined",
         lambda m: translate("Reasons", "The card payment was declined")),
        (r"over the transaction limit|over the amount or limit",
         lambda m: translate("Reasons", "The amount is over the limit for one payment")),
        (r"jam", lambda m: translate("Reasons", "A note is stuck in the acceptor")),
        (r"cassette", lambda m: translate("Reasons", "The cash box is not ready")),
        (r"out of service|technician|server", lambda m: translate("Reasons", "Maintenance")),
    ]


def explain(reason: str | BaseException | None) -> str:
    """A short translated sentence for a core reason or error."""
    text = str(reason or "")
    for pattern, make in _reasons():
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return make(match)
    log.info("no customer text for core reason %r", text)
    return translate("Reasons", "Not available right now")


def operator_name(operator: str) -> str:
    names = {
        "China Mobile": translate("Reasons", "China Mobile"),
        "China Unicom": translate("Reasons", "China Unicom"),
        "China Telecom": translate("Reasons", "China Telecom"),
    }
    return names.get(operator, operator)


def money(minor: int, currency: str, lang: str) -> str:
    return Money(minor, currency).format(lang)


def short_money(minor: int, currency: str, lang: str) -> str:
    """Whole amounts without decimals, for note denominations: ``¥50``."""
    text = Money(minor, currency).format(lang)
    return text[:-3] if text.endswith(".00") else text

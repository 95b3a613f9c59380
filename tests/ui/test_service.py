"""Out of service: the page follows ServiceState, the core takes no money, back by itself."""

from __future__ import annotations

import re

import pytest


def set_out(k, reason: str = "Replacing the note acceptor") -> None:
    k.maint.service_state.set_manual(reason, by="tina", role="technician",
                                     source="technician")


def clear_out(k) -> None:
    k.maint.service_state.clear_manual(by="tina", role="technician", source="technician")


def test_out_of_service_page_and_automatic_return(small_kiosk):
    k = small_kiosk
    window = k.flow.window
    set_out(k)
    k.wait(lambda: window.current.name == "out_of_service", "out-of-service page")
    oos = k.flow.service_watch.screen
    assert oos.reasons.text() == "Reason: maintenance"
    assert oos.staff_details == ["technician: Replacing the note acceptor"]
    assert not window.footer.isVisible(), "no back/home on the out-of-service page"
    av = k.core.availability()
    assert (av.cash, av.card, av.queries) == (False, False, False)
    assert "out of service" in (av.cash_reason or "")
    window.go_home()  # even a stray home press lands back on the page
    k.wait(lambda: window.current.name == "out_of_service", "page again")
    clear_out(k)
    k.wait(lambda: window.current.name == "attract", "back in service")
    k.settle()
    assert k.core.availability().cash_reason != av.cash_reason


def test_device_condition_counts_too(small_kiosk):
    k = small_kiosk
    k.maint.service_state.set_condition("device:bill_validator", "not connected")
    k.wait(lambda: k.flow.window.current.name == "out_of_service", "page")
    oos = k.flow.service_watch.screen
    assert oos.reasons.text() == "Reason: the note acceptor needs service"
    assert oos.staff_details == ["device:bill_validator: not connected"]
    k.maint.service_state.set_condition("device:bill_validator", None)
    k.wait(lambda: k.flow.window.current.name == "attract", "back")


def test_payment_in_progress_is_not_interrupted(small_kiosk):
    k = small_kiosk
    window = k.flow.window
    k.flow.msisdn = "13800138000"
    k.flow.amount_chosen("5000")
    k.wait(lambda: window.current.name == "confirm", "confirm")
    set_out(k)
    k.settle()
    assert window.current.name == "confirm"
    window.go_home()  # the customer leaves: the session is cancelled, the page shows
    k.wait(lambda: window.current.name == "out_of_service", "page after the session")
    k.wait(lambda: k.core.session is None or k.core.session.ended.is_set(), "session ended")


def page_texts(screen) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    widgets = screen.findChildren(QLabel) + screen.findChildren(QAbstractButton)
    return "\n".join(w.text() for w in widgets if w.isVisibleTo(screen))


@pytest.mark.parametrize(("lang", "category", "message"), [
    ("en", "Reason: maintenance", "Temporarily out of service"),
    ("zh_CN", "原因：维护中", "暂停服务"),
])
def test_customer_sees_translated_category_not_staff_words(small_kiosk, lang, category,
                                                          message):
    k = small_kiosk
    window = k.flow.window
    window.set_language(lang)
    try:
        set_out(k, "Maintenance")
        k.wait(lambda: window.current.name == "out_of_service", "out-of-service page")
        shown = page_texts(k.flow.service_watch.screen)
        assert category in shown and message in shown
        for staff_word in ("technician", "Maintenance", "tina"):
            assert staff_word not in shown
        if lang == "zh_CN":  # nothing English on the Chinese page but the staff button
            assert not re.search(r"[A-Za-z]{3,}", shown.replace("Staff", "")), shown
    finally:
        window.set_language("en")


def test_out_of_service_page_shows_no_offline_banner(small_kiosk):
    k = small_kiosk  # no server configured: the kiosk is offline, the banner is up
    window = k.flow.window
    k.wait(window.banner.isVisible, "offline banner on the attract page")
    set_out(k)
    k.wait(lambda: window.current.name == "out_of_service", "out-of-service page")
    k.settle()
    assert not window.banner.isVisible(), "'cash still works' contradicts 'no payments'"
    clear_out(k)
    k.wait(lambda: window.current.name == "attract", "back in service")
    k.wait(window.banner.isVisible, "banner back while still offline")


def test_out_of_service_availability_is_not_called_offline(small_kiosk):
    """The core answers "out of service" with queries off: that is no network outage."""
    from kiosk.payment.core import Availability

    k = small_kiosk
    flow, window = k.flow, k.flow.window
    why = "out of service: Maintenance"
    flow._show_availability(Availability(False, why, False, why, False, why, 0))
    assert window.banner.text() == "" and not window.banner.isVisible()
    offline = "offline: queries need the server"
    flow._show_availability(Availability(True, None, False, "offline: card payments need "
                                         "the server", False, offline, 50000))
    assert "Network is down" in window.banner.text() and window.banner.isVisible()
    flow._show_availability(Availability(True, None, True, None, True, None, 50000))
    assert not window.banner.isVisible()

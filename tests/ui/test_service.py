"""Out of service: the page follows ServiceState, the core takes no money, back by itself."""

from __future__ import annotations


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
    assert "technician: Replacing the note acceptor" in oos.reasons.text()
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
    assert "device:bill_validator: not connected" in k.flow.service_watch.screen.reasons.text()
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

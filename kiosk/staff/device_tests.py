"""Technician test actions per device, and the one rule for "this device is faulty".

Test actions call the driver interfaces in ``devices/`` and never raise: the result says
what happened, so a broken device shows a reason on the maintenance screen instead of a
crash. Fault detection only uses what diagnostics actually report; a device that does
not say is not declared faulty on a guess (false "machine down" alarms cost money too).
"""

from __future__ import annotations

from typing import Any

from devices.printer import ReceiptDocument

TEST_ACTIONS: dict[str, tuple[str, ...]] = {
    "bill_validator": ("enable", "disable"),
    "printer": ("test_page", "paper"),
    "card_terminal": ("register",),
}
TEST_PAGE = ReceiptDocument(
    title="PRINTER TEST",
    lines=("Printer test page", "打印机测试页", "0123456789 ABCDEFGHIJ", "-" * 32),
    qr_payload="kiosk:printer-test")


#: Words in a validator's reported state (``"validator jammed (43)"``) that mean it cannot
#: take money: jams, a full/open/missing cash box, a failure. Idle, disabled, busy are not.
FAULT_STATE_WORDS = ("jam", "full", "cassette out", "stacker open", "failure", "cheated")


def device_fault(diag: dict[str, Any]) -> str | None:
    """A reason if the diagnostics show a fault, else None (unknown is not a fault)."""
    state = str(diag.get("device_state") or "").lower()
    if any(word in state for word in FAULT_STATE_WORDS):
        return f"device state: {state}"
    if diag.get("error"):
        return str(diag["error"])
    if diag.get("healthy") is False:
        return str(diag.get("last_error") or "unhealthy")
    for key in ("connected", "open"):
        if diag.get(key) is False:
            reason = diag.get("last_error")
            return f"not {key}" + (f": {reason}" if reason else "")
    return None


def run_device_test(dev: Any, name: str, action: str) -> dict[str, Any]:
    """Run one test action; ``{"ok": bool, "detail": ...}``, never an exception."""
    if action not in TEST_ACTIONS.get(name, ()):
        return {"ok": False, "detail": f"unknown test {name}/{action}; known: {TEST_ACTIONS}"}
    if dev is None:
        return {"ok": False, "detail": f"{name} is not configured"}
    try:
        if action == "enable":
            dev.enable(dev.denominations())
            return {"ok": True, "detail": {"enabled": list(dev.denominations())}}
        if action == "disable":
            dev.disable()
            return {"ok": True, "detail": "disabled"}
        if action == "paper":
            return {"ok": True, "detail": {"paper": dev.paper_state().value}}
        if action == "test_page":
            res = dev.print_receipt(TEST_PAGE)
            return {"ok": bool(res.ok), "detail": {"paper": res.paper.value,
                                                   "reason": res.reason}}
        register = getattr(dev, "register", None)
        if register is None:  # ZVT registers on start(): reopen the link to test it
            dev.close()
            dev.start()
        else:
            register()
        return {"ok": True, "detail": "registered"}
    except Exception as exc:  # device trouble is a result here, not a crash
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}

"""Issue 19 item 6: technician pages say one state word and a reason, never raw codes."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk.staff.device_tests import device_fault
from ui.maintenance.service_toggle import ServiceToggleScreen
from ui.maintenance.status import DeviceTestScreen, device_rows


def test_jammed_validator_is_a_fault_not_ok(styled_app):
    diag = {"connected": True, "device_state": "validator jammed (43)", "last_error": ""}
    diag["fault"] = device_fault(diag)
    head = device_rows("bill_validator", diag)[0][1]
    assert head == "FAULT: Note jam"
    assert "OK" not in head and "(43)" not in head


def test_printer_out_of_paper_is_a_fault(styled_app):
    head = device_rows("printer", {"open": True, "paper": "out", "fault": None})[0][1]
    assert head == "FAULT: Paper out"


def test_idle_validator_state_in_words_and_counters_without_equals(styled_app):
    rows = dict(device_rows("bill_validator", {"connected": True, "fault": None,
                                               "device_state": "unit disabled (19)",
                                               "notes_stacked": 6, "timeouts": 0}))
    assert rows["Note acceptor"] == "OK · Ready, notes off"
    assert "=" not in rows["Counters"] and "notes stacked 6" in rows["Counters"]


def test_device_test_result_is_not_a_python_dict(styled_app, qtbot):
    page = DeviceTestScreen()
    qtbot.addWidget(page)
    page.show_result("printer", "paper", {"ok": True, "detail": {"paper": "out"}})
    assert "{" not in page.result.text() and "Paper out" in page.result.text()


def test_out_of_service_reasons_name_the_source_in_words(styled_app, qtbot):
    page = ServiceToggleScreen()
    qtbot.addWidget(page)
    page.show_state(False, [SimpleNamespace(source="technician", reason="Device repair",
                                            by="bob"),
                            SimpleNamespace(source="device:bill_validator",
                                            reason="validator event: jam", by="system")])
    text = page.reasons_label.text()
    assert text.splitlines() == ["Technician · Device repair · bob", "Note acceptor · Note jam"]
    assert "technician:" not in text

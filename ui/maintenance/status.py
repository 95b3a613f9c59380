"""Technician pages: live device state, device test actions, queue and network.

Why these pages only render dictionaries: the facts come from
``MaintenanceService.collect_status()`` (the heartbeat's source too), fetched on the
bridge's worker every couple of seconds while the page is open; formatting here picks
the lines a technician acts on (fault first, then version, last error, counters).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.staff.device_tests import TEST_ACTIONS
from ui.maintenance.words import counters_text, detail_text, state_word
from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.summary import Row, SummaryCard

translate = QCoreApplication.translate
DEVICES = ("bill_validator", "card_terminal", "printer")
VERSION_KEYS = ("firmware", "firmware_version", "version", "software_version", "part_number",
                "serial_number")
COUNTER_KEYS = ("notes_stacked", "timeouts", "reconnects")


def device_name(device: str) -> str:
    names = {"bill_validator": translate("Maintenance", "Note acceptor"),
             "card_terminal": translate("Maintenance", "Card terminal"),
             "printer": translate("Maintenance", "Receipt printer")}
    return names.get(device, device)


def device_rows(device: str, diag: Mapping[str, Any], counters_row: bool = True) -> list[Row]:
    """The few lines of a device's diagnostics worth a technician's glance."""
    state = diag.get("device_state") or diag.get("paper") or (
        "registered" if diag.get("registered") else None)
    word = state_word(str(state)) if state else ""
    # Paper out is a fault on this page even where the printer is not required.
    fault = diag.get("fault") or ("paper out" if diag.get("paper") == "out" else None)
    if fault:
        head = translate("Maintenance", "FAULT: %1").replace(
            "%1", word if word and str(fault).startswith(("device state", "paper"))
            else str(fault)[:40])
    else:
        head = translate("Maintenance", "OK") + (f" · {word}" if word else "")
    rows: list[Row] = [(device_name(device), head)]
    version = next((str(diag[k]) for k in VERSION_KEYS if diag.get(k)), None)
    if version:
        rows.append((translate("Maintenance", "Version"), version))
    if diag.get("last_error"):
        rows.append((translate("Maintenance", "Last error"), str(diag["last_error"])[:60]))
    counters = dict(diag.get("counters") or {})
    counters.update({k: diag[k] for k in COUNTER_KEYS if k in diag})
    if counters and counters_row:
        rows.append((translate("Maintenance", "Counters"),
                     counters_text(dict(list(counters.items())[:2]))))
    return rows


def when(ts: float | None) -> str:
    return "—" if ts is None else datetime.fromtimestamp(ts).strftime("%m-%d %H:%M:%S")


class DiagnosticsScreen(Screen):
    """One card per device, then service state and disk; ``show_status(dict)``."""

    name = "maint_diagnostics"
    home_allowed = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.cards = {d: SummaryCard() for d in DEVICES}
        self.system = SummaryCard()
        self.updated = label(name="subtitle")
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.body.addWidget(self.title)
        self.body.addWidget(self.updated)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.status: dict[str, Any] = {}
        self.at = ""
        self.landscape = False
        self.set_landscape(False)
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        """Portrait: the cards stacked; landscape: two columns."""
        columns = 2 if landscape else 1
        self.landscape = landscape
        if self.status:
            self.show_status(self.status, self.at)
        for i, card in enumerate([*self.cards.values(), self.system]):
            self.grid.removeWidget(card)
            self.grid.addWidget(card, i // columns, i % columns)

    def show_status(self, status: Mapping[str, Any], at: str) -> None:
        self.status, self.at = dict(status), at
        devices = status.get("devices", {})
        for device, card in self.cards.items():
            diag = devices.get(device)
            # Landscape cards are half as wide: counters only in portrait.
            card.set_rows(device_rows(device, diag, not self.landscape) if diag is not None else [
                (device_name(device), translate("Maintenance", "not configured"))])
        service = status.get("service", {})
        disk = status.get("disk", {})
        self.system.set_rows([
            (translate("Maintenance", "Service"),
             translate("Maintenance", "In service") if service.get("in_service")
             else translate("Maintenance", "Out of service")),
            (translate("Maintenance", "Disk free"), f"{disk.get('free_pct', '?')} %"),
            (translate("Maintenance", "Software"), str(status.get("version", "?")))])
        self.updated.setText(translate("Maintenance", "Updated %1").replace("%1", at))

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Device status"))


class DeviceTestScreen(Screen):
    """A button per test action; ``test_requested(device, action)``; shows the result."""

    name = "maint_tests"
    home_allowed = False
    test_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        grid = QGridLayout()
        grid.setSpacing(24)
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        for row, device in enumerate(DEVICES):
            for col, action in enumerate(TEST_ACTIONS.get(device, ())):
                button = make_button()
                button.clicked.connect(
                    lambda _=False, d=device, a=action: self.test_requested.emit(d, a))
                self.buttons[(device, action)] = button
                grid.addWidget(button, row, col)
        self.result = label(name="subtitle")
        self.body.addWidget(self.title)
        self.body.addLayout(grid)
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self.retranslate()

    def show_result(self, device: str, action: str, result: Mapping[str, Any]) -> None:
        verdict = translate("Maintenance", "OK") if result.get("ok") else translate(
            "Maintenance", "FAILED")
        self.result.setText(f"{device_name(device)} · {self._action(action)}: {verdict}\n"
                            f"{detail_text(result.get('detail', ''))}"[:300])

    def _action(self, action: str) -> str:
        names = {"enable": translate("Maintenance", "Enable notes"),
                 "disable": translate("Maintenance", "Disable notes"),
                 "test_page": translate("Maintenance", "Print test page"),
                 "paper": translate("Maintenance", "Check paper"),
                 "register": translate("Maintenance", "Register terminal")}
        return names.get(action, action)

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Device tests"))
        for (_device, action), button in self.buttons.items():
            button.setText(self._action(action))


class QueueScreen(Screen):
    """Outbox and server state; ``sync_requested()`` for "Sync now",
    ``retry_requested()`` for "Retry parked" (records the server refused, issue 15)."""

    name = "maint_queue"
    home_allowed = False
    sync_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.card = SummaryCard()
        self.note = label(name="subtitle")
        self.sync = make_button()
        self.sync.clicked.connect(self.sync_requested.emit)
        self.retry = make_button(role="nav")
        self.retry.clicked.connect(self.retry_requested.emit)
        self.retry.hide()
        self.body.addWidget(self.title)
        self.body.addWidget(self.card)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.body.addWidget(self.retry)
        self.body.addWidget(self.sync)
        self.retranslate()

    def show_status(self, status: Mapping[str, Any]) -> None:
        queue = status.get("queue", {})
        server = status.get("server", {})
        online = server.get("online")
        age = queue.get("oldest_pending_age_s")
        parked = int(queue.get("dead_letters") or 0)
        server_text = (translate("Maintenance", "unknown") if online is None else
                       translate("Maintenance", "online") if online else
                       translate("Maintenance", "offline"))
        if online and parked:  # the truth: reachable, but not everything goes through
            server_text = translate("Maintenance", "online, %1 parked").replace(
                "%1", str(parked))
        self.retry.setVisible(parked > 0)
        if parked:
            self.note.setText(translate(
                "Maintenance", "%1 parked: the server refused them; sync continues with the "
                "rest").replace("%1", str(parked)))
        self.card.set_rows([
            (translate("Maintenance", "Server"), server_text),
            (translate("Maintenance", "Records waiting"), str(queue.get("pending", "?"))),
            (translate("Maintenance", "Oldest waiting"),
             "—" if age is None else f"{int(age)} s"),
            (translate("Maintenance", "Last success"), when(queue.get("last_success"))),
            (translate("Maintenance", "Last error"), str(queue.get("last_error") or "—")[:60]),
        ])

    def show_note(self, text: str) -> None:
        self.note.setText(text)

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Queue and network"))
        self.sync.setText(translate("Maintenance", "Sync now"))
        self.retry.setText(translate("Maintenance", "Retry parked"))

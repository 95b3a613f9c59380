"""The first screen of ``kiosk run``: brand, clock and the start-up steps, or why it failed.

Why a page of its own, outside the customer window: it is painted before the kiosk is
built (journal, devices, crash recovery), so it may import only Qt and the style; the
customer window and everything under it load while this page is already on the glass.
A kiosk that cannot start says so here, with the technician's message, instead of
leaving a black screen; the customer line says no money was taken.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.chrome import Clock, ClockLabel, label

translate = QCoreApplication.translate

#: Step names in the order ``kiosk.runtime.runtime.Runtime.start`` reports them.
STEPS = ("devices", "recovery", "ready")


def step_text(step: str) -> str:
    texts = {"devices": translate("StartupScreen", "Checking devices"),
             "recovery": translate("StartupScreen", "Resolving unfinished payments"),
             "ready": translate("StartupScreen", "Ready")}
    return texts.get(step, step)


class StartupScreen(QWidget):
    """Shown full screen from the first frame until the customer window replaces it."""

    first_painted = Signal()

    def __init__(self, brand: str, *, clock: Clock = datetime.now,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(brand)
        header = QFrame()
        header.setObjectName("header")
        self.brand = QLabel(brand)
        self.brand.setObjectName("brand")
        self.time = ClockLabel(clock)
        top = QVBoxLayout()
        top.setSpacing(0)
        top.addWidget(self.brand)
        top.addWidget(self.time)
        row = QHBoxLayout(header)
        row.setContentsMargins(32, 16, 32, 16)
        row.addLayout(top, 1)
        self.title = label(name="title")
        self.message = label(name="subtitle")
        self.steps = {step: label(name="subtitle") for step in STEPS}
        self.error = label(name="error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.error.hide()
        body = QVBoxLayout()
        body.setContentsMargins(48, 32, 48, 32)
        body.setSpacing(24)
        body.addStretch(1)
        for widget in (self.title, self.message, *self.steps.values(), self.error):
            body.addWidget(widget)
        body.addStretch(2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(header)
        box.addLayout(body, 1)
        self.painted = False
        self.step: str | None = None  # the step in progress (None: before the first)
        self.failure: str | None = None
        self.retranslate()

    def set_step(self, step: str) -> None:
        """``step`` has begun; the steps before it are done (``ready``: all done)."""
        if step in STEPS:
            self.step = step
            self._show_steps()

    def show_failure(self, message: str) -> None:
        """The kiosk cannot start: say so, keep the technician's ``message`` on screen."""
        self.failure = message
        self.error.setText(message)
        self.error.show()
        self.retranslate()

    def retranslate(self) -> None:
        if self.failure is None:
            self.title.setText(translate("StartupScreen", "Starting…"))
            self.message.setText(translate("StartupScreen",
                                           "Please wait a moment, the kiosk is getting ready."))
        else:
            self.title.setText(translate("StartupScreen", "Cannot start"))
            self.message.setText(translate(
                "StartupScreen",
                "This kiosk is out of service. No money has been taken. "
                "Staff: the reason is shown below."))
        self._show_steps()

    def _show_steps(self) -> None:
        reached = STEPS.index(self.step) if self.step is not None else -1
        for index, (step, widget) in enumerate(self.steps.items()):
            done = index < reached or (step == "ready" and reached == index)
            current = index == reached and not done and self.failure is None
            mark = "✓" if done else ("…" if current else "·")
            widget.setText(f"{mark}  {step_text(step)}")
            widget.setEnabled(done or current)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()

"""Inactivity with a fake clock: taps reach the core, idle screens before a session go home.

The UI's idle timer and the core's share the core's clock; ``poll()`` is what the UI's
timer calls, so the tests call it right after moving the clock (no waiting on time).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt


def open_number_screen(k) -> None:
    k.flow.choose_service("topup")
    assert k.flow.window.current.name == "number"


def test_idle_before_session_asks_then_goes_home(small_kiosk, qtbot):
    k = small_kiosk
    inactivity, overlay = k.flow.inactivity, k.flow.window.still_there
    open_number_screen(k)
    k.clock.advance(59)
    inactivity.poll()
    assert not overlay.isVisible()
    qtbot.mouseClick(k.flow.number.keypad.keys["1"], Qt.MouseButton.LeftButton)  # a tap
    assert k.flow.number.digits == "1"
    k.clock.advance(59)
    inactivity.poll()
    assert not overlay.isVisible(), "the tap restarted the timer"
    k.clock.advance(2)
    inactivity.poll()
    assert overlay.isVisible() and overlay.remaining == 20
    k.clock.advance(12)
    inactivity.poll()
    assert overlay.remaining == 8 and k.flow.window.current.name == "number"
    k.clock.advance(9)
    inactivity.poll()
    assert not overlay.isVisible()
    assert k.flow.window.current.name == "attract"


def test_more_time_keeps_the_number(small_kiosk, qtbot):
    k = small_kiosk
    open_number_screen(k)
    k.flow.number.keypad.press("138")
    k.clock.advance(61)
    k.flow.inactivity.poll()
    overlay = k.flow.window.still_there
    assert overlay.isVisible()
    qtbot.mouseClick(overlay.more, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()
    k.clock.advance(30)
    k.flow.inactivity.poll()
    assert k.flow.window.current.name == "number" and k.flow.number.digits == "138"


def test_end_now_before_session_goes_home(small_kiosk):
    k = small_kiosk
    k.flow.choose_service("bill_query")
    k.wait(lambda: k.flow.window.current.name == "biller", "biller screen")
    k.clock.advance(61)
    k.flow.inactivity.poll()
    k.flow.window.still_there.end.click()
    assert k.flow.window.current.name == "attract"


def test_no_idle_prompt_on_attract(small_kiosk):
    k = small_kiosk
    k.clock.advance(600)
    k.flow.inactivity.poll()
    assert not k.flow.window.still_there.isVisible()


def test_every_tap_touches_the_core(small_kiosk, qtbot):
    """A tap on the confirm screen restarts the core's session timer (READY state)."""
    k = small_kiosk
    touched = threading.Event()
    real_touch = k.core.touch

    def spy() -> None:
        real_touch()
        touched.set()

    k.core.touch = spy

    k.flow.msisdn = "13800138000"
    k.flow.amount_chosen("5000")
    k.wait(lambda: k.flow.window.current.name == "confirm", "confirm screen")
    session = k.core.session
    assert session.state.value == "ready"
    k.clock.advance(50)
    taps = []
    k.flow.inactivity.taps.tapped.connect(lambda: taps.append(1))
    qtbot.mouseClick(k.flow.confirm.summary, Qt.MouseButton.LeftButton)
    assert touched.wait(5), "tap did not reach core.touch()"
    assert len(taps) == 1, "one tap, even though the press propagated to the parents"
    k.clock.advance(50)  # 100 s since the session opened, 50 s since the tap
    k.core.tick()
    assert session.state.value == "ready"
    k.clock.advance(11)
    k.wait(lambda: k.flow.window.still_there.isVisible(), "core's still-there prompt")
    assert k.flow.inactivity.mode == "session"
    k.flow.window.still_there.more.click()
    k.wait(lambda: session.state.value == "ready" and k.flow.bridge.pending == 0,
               "more time in the core")
    assert not k.flow.window.still_there.isVisible()

"""The installed Qt binding keeps Python's reference counts: a long-running kiosk window
makes millions of Qt calls, so one lost reference per call is a crash within minutes.

PySide6 6.12.0 on Python 3.11 returns ``None`` from void methods without taking a
reference (Python 3.12 made None immortal, 3.11 did not): None's count drops by one per
call and the interpreter aborts with "none_dealloc" after ~5,000 calls. pyproject.toml
keeps PySide6 below 6.12 for that reason; this test fails on any binding with the fault.
"""

from __future__ import annotations

import sys

import pytest

CALLS = 200


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from 3.12 on")
def test_void_qt_calls_keep_none_alive(qapp):
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    layout = QTextLayout("手机充值", label.font())
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        label.resize(10, 10)
        layout.beginLayout()
        layout.endLayout()
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 2, f"None lost {lost} references in {CALLS * 4} void Qt calls"

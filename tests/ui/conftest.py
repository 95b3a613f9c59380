"""Shared fixtures for UI tests: offscreen Qt, the app style, a fixed clock."""

from __future__ import annotations

import os
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

FIXED_NOW = datetime(2025, 5, 1, 9, 30)


@pytest.fixture
def styled_app(qapp):
    """The pytest-qt QApplication with the kiosk font and style sheet applied."""
    from ui.app import apply_style

    apply_style(qapp, large_text=False)
    yield qapp
    apply_style(qapp, large_text=False)


@pytest.fixture
def fixed_clock():
    return lambda: FIXED_NOW

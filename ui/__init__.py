"""PySide6 touchscreen UI: customer screens, maintenance screens, the demo window.

No business rules live here: limits, fees and validation come from ``kiosk``; the UI
shows their results. Device and network work never runs on the GUI thread; the thin
adapter ``ui.bridge`` turns the core's worker-thread callbacks into queued Qt signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def render_screenshot(widget: Any, path: str | Path, size: tuple[int, int] = (1080, 1920)) -> Path:
    """Render ``widget`` at ``size`` to a PNG (see ``ui.render``); imports Qt lazily."""
    from ui.render import render_screenshot as _render

    return _render(widget, path, size)

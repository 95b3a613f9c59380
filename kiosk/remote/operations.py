"""Remote operations over the command channel (issue 20): restart, reboot, screenshot,
log pull, update check.

Restart and reboot go through the same gate as a release switch (``hold``: the core's
``hold_for_switch``, which refuses new sessions and answers None only when idle): never
while a customer session is open or a note is in transport (the command fails with the reason
and the operator sends it again). They only *request* the restart; the process stops
in order after the command's result was posted, and systemd starts it again. A
redelivered restart/reboot that reaches a freshly started process (result lost on the
way) is answered "already done" instead of restarting again, judged by uptime.
Reboot is refused unless ``remote.allow_reboot`` is set. The screenshot is masked by the
UI before it leaves the GUI thread (``ui.screenshot``); logs are redacted again on the
way out and capped in size, newest lines kept.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.logs import LOG_FILE, redact
from kiosk.remote.commands import Handler

MAX_LOG_BYTES = 512 * 1024
MAX_SHOT_BYTES = 1024 * 1024
MAX_MINUTES = 24 * 60
FRESH_START_S = 120.0


def log_tail(log_dir: Path, minutes: float, now: float,
             max_bytes: int = MAX_LOG_BYTES) -> dict[str, Any]:
    """Log lines of the last ``minutes`` (oldest first), at most ``max_bytes``."""
    cutoff = now - minutes * 60
    files = sorted(log_dir.glob(LOG_FILE + ".*"), key=lambda p: -int(p.suffix[1:])
                   if p.suffix[1:].isdigit() else 0)
    lines: list[str] = []
    for path in [*files, log_dir / LOG_FILE]:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            if _line_time(line) >= cutoff:
                lines.append(redact(line))
    kept: list[str] = []
    size = 0
    for line in reversed(lines):
        size += len(line.encode()) + 1
        if size > max_bytes:
            break
        kept.append(line)
    kept.reverse()
    return {"minutes": minutes, "lines": kept, "truncated": len(kept) < len(lines)}


def _line_time(line: str) -> float:
    try:
        ts = json.loads(line).get("ts", "")
        return datetime.fromisoformat(str(ts).replace("Z", "+00:00")).timestamp()
    except (ValueError, AttributeError):
        return float("-inf")  # not a log record of ours: never "recent"


def _minutes(args: dict[str, Any]) -> float:
    value = args.get("minutes", 10)
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        raise KioskError(f"minutes must be a number, got {value!r}") from None
    if not 0 < minutes <= MAX_MINUTES:
        raise KioskError(f"minutes must be in 0..{MAX_MINUTES}")
    return minutes


def remote_handlers(*, hold: Callable[[], str | None], restart: Callable[[str], None],
                    uptime: Callable[[], float], clock: Callable[[], float],
                    log_dir: Path, audit: Callable[[str, dict[str, Any]], None],
                    capture: Callable[[], bytes] | None = None,
                    reboot: Callable[[], None] | None = None,
                    kick_update: Callable[[], None] | None = None) -> dict[str, Handler]:
    def idle_or_fail(action: str) -> None:
        busy = hold()
        if busy is not None:
            raise KioskError(f"not now, {busy}: send {action} again later")

    def do_restart(args: dict[str, Any]) -> Any:
        if uptime() < FRESH_START_S:
            return {"restarted": "already", "uptime_s": round(uptime())}
        idle_or_fail("restart")
        audit("command.restart", {})
        restart("restart requested by the server")
        return {"restarting": True}

    def do_reboot(args: dict[str, Any]) -> Any:
        if reboot is None:
            raise KioskError("reboot is not permitted on this kiosk (remote.allow_reboot)")
        if uptime() < FRESH_START_S:
            return {"rebooted": "already", "uptime_s": round(uptime())}
        idle_or_fail("reboot")
        audit("command.reboot", {})
        reboot()
        return {"rebooting": True}

    def do_screenshot(args: dict[str, Any]) -> Any:
        if capture is None:
            raise KioskError("no customer screen (headless kiosk)")
        png = capture()
        if len(png) > MAX_SHOT_BYTES:
            raise KioskError(f"screenshot is {len(png)} bytes, above {MAX_SHOT_BYTES}")
        audit("command.screenshot", {"bytes": len(png)})
        return {"png_base64": base64.b64encode(png).decode(), "bytes": len(png),
                "masked": True}

    def do_logs(args: dict[str, Any]) -> Any:
        minutes = _minutes(args)
        audit("command.logs", {"minutes": minutes})
        return log_tail(log_dir, minutes, clock())

    def do_update_check(args: dict[str, Any]) -> Any:
        if kick_update is None:
            raise KioskError("updates are not configured on this kiosk (update.root)")
        kick_update()
        return {"kicked": True}

    return {"restart": do_restart, "reboot": do_reboot, "screenshot": do_screenshot,
            "logs": do_logs, "update-check": do_update_check}

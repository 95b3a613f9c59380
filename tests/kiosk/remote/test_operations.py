"""Remote operations: restart/reboot through the gate, screenshot, log pull, update check."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from kiosk.errors import KioskError
from kiosk.remote.operations import log_tail, remote_handlers

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC).timestamp()


class Gate:
    def __init__(self, busy=None):
        self.busy, self.held = busy, False

    def hold_for_switch(self):
        if self.busy:
            return self.busy
        self.held = True
        return None

    def release_hold(self):
        self.held = False


def line(minutes_ago: float, msg: str) -> str:
    ts = datetime.fromtimestamp(NOW - minutes_ago * 60, UTC).isoformat(timespec="milliseconds")
    return json.dumps({"ts": ts.replace("+00:00", "Z"), "level": "INFO", "msg": msg})


@pytest.fixture
def logs(tmp_path):
    d = tmp_path / "logs"
    d.mkdir()
    (d / "kiosk.log.2").write_text(line(90, "oldest") + "\n")
    (d / "kiosk.log.1").write_text(line(20, "older") + "\nnot json\n")
    (d / "kiosk.log").write_text(line(5, "card 6228480000000001234 read") + "\n"
                                 + line(1, "newest") + "\n")
    return d


def handlers(logs, **kw):
    calls = {"restart": [], "audit": [], "reboot": [], "kick": []}
    defaults = dict(hold=Gate().hold_for_switch, restart=calls["restart"].append,
                    uptime=lambda: 3600.0, clock=lambda: NOW, log_dir=logs,
                    audit=lambda action, detail: calls["audit"].append(action))
    defaults.update(kw)
    return remote_handlers(**defaults), calls


def test_log_tail_keeps_recent_lines_redacted_and_in_order(logs):
    out = log_tail(logs, 30, NOW)
    msgs = [json.loads(x)["msg"] for x in out["lines"]]
    assert msgs == ["older", "card [REDACTED] read", "newest"] and not out["truncated"]
    small = log_tail(logs, 120, NOW, max_bytes=len(line(1, "newest")) + 1)
    assert [json.loads(x)["msg"] for x in small["lines"]] == ["newest"] and small["truncated"]


def test_restart_only_when_idle_and_not_twice(logs):
    h, calls = handlers(logs, hold=Gate("a customer session is open").hold_for_switch)
    with pytest.raises(KioskError, match="session is open"):
        h["restart"]({})
    assert calls["restart"] == []
    h, calls = handlers(logs)
    assert h["restart"]({}) == {"restarting": True}
    assert calls["restart"] and calls["audit"] == ["command.restart"]
    h, calls = handlers(logs, uptime=lambda: 30.0)
    assert h["restart"]({})["restarted"] == "already" and calls["restart"] == []


def test_reboot_needs_permission(logs):
    h, _ = handlers(logs)
    with pytest.raises(KioskError, match="not permitted"):
        h["reboot"]({})
    done = []
    h, _ = handlers(logs, reboot=lambda: done.append(1))
    assert h["reboot"]({}) == {"rebooting": True} and done == [1]


def test_screenshot_logs_and_update_check(logs):
    h, _ = handlers(logs)
    with pytest.raises(KioskError, match="headless"):
        h["screenshot"]({})
    with pytest.raises(KioskError, match="not configured"):
        h["update-check"]({})
    kicks = []
    h, _ = handlers(logs, capture=lambda: b"\x89PNG....", kick_update=lambda: kicks.append(1))
    shot = h["screenshot"]({})
    assert base64.b64decode(shot["png_base64"]) == b"\x89PNG...." and shot["masked"]
    assert h["update-check"]({}) == {"kicked": True} and kicks == [1]
    assert len(h["logs"]({"minutes": "3"})["lines"]) == 1
    for bad in ({"minutes": "x"}, {"minutes": 0}, {"minutes": 99999}):
        with pytest.raises(KioskError, match="minutes"):
            h["logs"](bad)

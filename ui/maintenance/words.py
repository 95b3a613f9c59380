"""Technician words for what drivers and the service state report.

Why a table here: drivers speak protocol ("validator jammed (43)", ``{'paper': 'out'}``,
``notes_stacked=6``); a technician on a Chinese screen should read one state word and a
reason, in the screen's language, never a raw code or a Python dict. A state that is not
in the table is shown as the driver said it (unknown stays unknown, never "OK").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate
EXACT = frozenset({"ok", "out"})  # paper words that would match inside other states


def state_word(state: str) -> str:
    """``"validator jammed (43)"`` -> "Note jam"; known words translated, codes dropped."""
    text = re.sub(r"\s*\([0-9A-Fa-f]{2}\)$", "", str(state)).strip().lower()
    table = [
        (("jam",), translate("Maintenance", "Note jam")),
        (("cassette full", "stacker full"), translate("Maintenance", "Cash box full")),
        (("cassette out", "stacker open"), translate("Maintenance", "Cash box removed")),
        (("failure",), translate("Maintenance", "Device failure")),
        (("cheated",), translate("Maintenance", "Tampering detected")),
        (("unit disabled", "disabled"), translate("Maintenance", "Ready, notes off")),
        (("idling", "idle"), translate("Maintenance", "Ready, taking notes")),
        (("accepting", "escrow", "stacking", "holding"), translate("Maintenance",
                                                                  "Taking a note")),
        (("returning", "rejecting"), translate("Maintenance", "Returning a note")),
        (("initialize", "power up", "busy"), translate("Maintenance", "Starting")),
        (("near_end",), translate("Maintenance", "Paper low")),
        (("out",), translate("Maintenance", "Paper out")),
        (("ok",), translate("Maintenance", "Paper loaded")),
        (("registered",), translate("Maintenance", "Registered")),
        (("unknown",), translate("Maintenance", "State unknown")),
    ]
    for words, name in table:
        if any(text == w or (w not in EXACT and w in text) for w in words):
            return name
    return text


def counters_text(counters: Mapping[str, Any]) -> str:
    names = {"notes_stacked": translate("Maintenance", "notes stacked"),
             "timeouts": translate("Maintenance", "timeouts"),
             "reconnects": translate("Maintenance", "reconnects"),
             "printed": translate("Maintenance", "printed"),
             "errors": translate("Maintenance", "errors")}
    return ", ".join(f"{names.get(k, k.replace('_', ' '))} {v}" for k, v in counters.items())


def detail_text(detail: Any) -> str:
    """A device test's detail in words: ``{'paper': 'out'}`` -> "Paper out"."""
    if isinstance(detail, Mapping):
        parts = []
        for key, value in detail.items():
            if key == "paper":
                parts.append(state_word(str(value)))
            elif key == "enabled" and isinstance(value, list):
                parts.append(translate("Maintenance", "Notes on: %1").replace(
                    "%1", " ".join(f"¥{int(v) // 100}" for v in value)))
            elif value:
                parts.append(str(value))
        return " · ".join(parts)
    if detail in ("disabled", "registered"):
        return state_word("unit disabled" if detail == "disabled" else detail)
    return str(detail or "")


def source_word(source: str) -> str:
    """Who took the kiosk out of service: technician, server, a device, storage."""
    names = {"technician": translate("Maintenance", "Technician"),
             "server": translate("Maintenance", "Head office"),
             "storage": translate("Maintenance", "Storage"),
             "device:bill_validator": translate("Maintenance", "Note acceptor"),
             "device:card_terminal": translate("Maintenance", "Card terminal"),
             "device:printer": translate("Maintenance", "Receipt printer")}
    return names.get(source, source)

"""Charts as server-rendered inline SVG (no scripts, no build step): data and drawing.

``takings``: completed/credited amounts per business day and payment method.
``validator_rates``: per kiosk and day, the bill validator's rejects and jams per 100
notes offered, from the cumulative counters in its heartbeats
(``devices.bill_validator.notes_stacked`` / ``notes_rejected`` / ``jams``); counters that
go down (a restart) count from zero again, so a reboot never shows as negative.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from markupsafe import Markup, escape

from central.backoffice.i18n import money
from central.backoffice.store import Store

COLORS = ("#2a7bd0", "#d98b00", "#1b7a34", "#8e44ad", "#b3261e", "#16a2b8", "#6b7785")
W, H, LEFT, BOTTOM, TOP = 760, 260, 70, 40, 16


def days_between(first: str, last: str) -> list[str]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [(a + timedelta(days=i)).isoformat() for i in range(max(0, (b - a).days) + 1)]


def takings(store: Store, first: str, last: str) -> dict[str, list[int]]:
    """{method: [amount per day]} over ``days_between(first, last)``."""
    days = days_between(first, last)
    index = {d: i for i, d in enumerate(days)}
    out: dict[str, list[int]] = {}
    for r in store.rows("SELECT business_date, method, SUM(total) AS amount FROM transactions"
                        " WHERE status IN ('completed', 'credited') AND business_date >= ? AND"
                        " business_date <= ? GROUP BY business_date, method", (first, last)):
        slot = out.setdefault(str(r["method"] or "other"), [0] * len(days))
        if r["business_date"] in index:
            slot[index[r["business_date"]]] += int(r["amount"] or 0)
    return dict(sorted(out.items()))


def validator_rates(store: Store, first: str, last: str, kiosks: list[str]
                    ) -> dict[str, dict[str, list[float | None]]]:
    """{kiosk: {"reject": [% per day], "jam": [...]}} (None: no notes that day)."""
    days = days_between(first, last)
    start = datetime.fromisoformat(first).replace(tzinfo=UTC).timestamp()
    end = start + 86400 * len(days)
    out: dict[str, dict[str, list[float | None]]] = {}
    for kiosk in kiosks:
        totals = [[0, 0, 0] for _ in days]  # stacked, rejected, jams
        last_seen: list[int] | None = None
        for r in store.rows("SELECT at, body FROM heartbeats WHERE kiosk_id = ? AND at >= ?"
                            " AND at < ? ORDER BY at", (kiosk, start, end)):
            now = _counters(r["body"])
            if now is None:
                continue
            if last_seen is not None:
                day = int((r["at"] - start) // 86400)
                for i in range(3):
                    step = now[i] - last_seen[i]
                    totals[day][i] += step if step >= 0 else now[i]
            last_seen = now
        out[kiosk] = {"reject": [_pct(t[1], t[0] + t[1]) for t in totals],
                      "jam": [_pct(t[2], t[0] + t[1]) for t in totals]}
    return out


def _counters(body: str) -> list[int] | None:
    try:
        v = json.loads(body)["devices"]["bill_validator"]
        values = [v.get("notes_stacked"), v.get("notes_rejected"), v.get("jams")]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in values):
        return None
    return [int(x) for x in values]


def _pct(part: int, whole: int) -> float | None:
    return None if whole <= 0 else round(100.0 * part / whole, 1)


def _frame(title: str, labels: list[str], top_label: str) -> list[str]:
    parts = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}"'
             ' xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - 10}" y2="{H - BOTTOM}"'
             ' stroke="#6b7785"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="#6b7785"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{escape(top_label)}</text>',
             f'<text x="{LEFT - 6}" y="{H - BOTTOM}" text-anchor="end">0</text>']
    step = (W - LEFT - 20) / max(1, len(labels))
    every = max(1, len(labels) // 10)
    for i, label in enumerate(labels):
        if i % every == 0:
            x = LEFT + step * (i + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(label[5:])}</text>")
    return parts


def _legend(names: list[str]) -> list[str]:
    return [f'<rect x="{LEFT + 130 * i}" y="{H - 14}" width="10" height="10" fill='
            f'"{COLORS[i % len(COLORS)]}"/><text x="{LEFT + 14 + 130 * i}" y="{H - 5}">'
            f"{escape(name)}</text>" for i, name in enumerate(names)]


def stacked_bars(title: str, days: list[str], series: dict[str, list[int]],
                 names: dict[str, str]) -> Markup:
    """Amounts (minor units) per day, one stacked bar per day, one colour per series."""
    peak = max([sum(v[i] for v in series.values()) for i in range(len(days))] + [1])
    parts = _frame(title, days, money(peak))
    step = (W - LEFT - 20) / max(1, len(days))
    scale = (H - BOTTOM - TOP) / peak
    for i, day in enumerate(days):
        y = float(H - BOTTOM)
        for n, (key, values) in enumerate(series.items()):
            h = values[i] * scale
            if h > 0:
                y -= h
                parts.append(f'<rect x="{LEFT + step * i + step * 0.15:.1f}" y="{y:.1f}" width='
                             f'"{step * 0.7:.1f}" height="{h:.1f}" fill="{COLORS[n % 7]}">'
                             f"<title>{escape(day)} {escape(names.get(key, key))} "
                             f"{escape(money(values[i]))}</title></rect>")
    parts += _legend([names.get(k, k) for k in series])
    return Markup("".join([*parts, "</svg>"]))


def lines(title: str, days: list[str], series: dict[str, list[float | None]]) -> Markup:
    """Percentages per day, a polyline with a dot per value for each series (gaps: none)."""
    peak = max([v for vals in series.values() for v in vals if v is not None] + [1.0])
    parts = _frame(title, days, f"{peak:.1f}%")
    step = (W - LEFT - 20) / max(1, len(days))
    for n, (name, values) in enumerate(series.items()):
        points = [f"{LEFT + step * (i + 0.5):.1f},{H - BOTTOM - v / peak * (H - BOTTOM - TOP):.1f}"
                  for i, v in enumerate(values) if v is not None]
        if points:
            parts.append(f'<polyline fill="none" stroke="{COLORS[n % 7]}" stroke-width="2"'
                         f' points="{" ".join(points)}"><title>{escape(name)}</title></polyline>')
            for (x, y), v in zip((p.split(",") for p in points),
                                 (v for v in values if v is not None), strict=True):
                parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{COLORS[n % 7]}">'
                             f"<title>{escape(name)} {v}%</title></circle>")
    parts += _legend(list(series))
    return Markup("".join([*parts, "</svg>"]))


def worst_kiosks(rates: dict[str, dict[str, list[float | None]]], n: int = 5) -> list[str]:
    def score(k: str) -> float:
        return max([v for v in rates[k]["reject"] + rates[k]["jam"] if v is not None] + [0.0])
    return sorted(rates, key=lambda k: (-score(k), k))[:n]


def series_names(t: Any) -> dict[str, str]:
    return {m: t(f"method_{m}") for m in ("cash", "card", "voucher", "mixed", "qr")}

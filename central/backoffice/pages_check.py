"""The public receipt check page (no login): is this receipt genuine, and its status.

Reached from the receipt's QR (``/check?ref=R1....``). It shows only what the receipt
already shows, with the account masked: status, service, amount, time, kiosk. Each
client address gets ``check_rate_per_min`` look-ups a minute; a bad reference gets the
same answer whether or not the transaction exists.
"""

from __future__ import annotations

import threading
from collections import deque

from fastapi.responses import Response

from central.backoffice import receipt_ref
from central.backoffice.web import Ctx, Pages


class RateLimit:
    """At most ``per_min`` hits per key in any 60 s (injectable clock, bounded memory)."""

    def __init__(self, per_min: int, max_keys: int = 10_000) -> None:
        self.per_min = per_min
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float) -> bool:
        with self._lock:
            if len(self._hits) >= self.max_keys and key not in self._hits:
                self._hits.clear()  # a flood of addresses: start over rather than grow
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_min:
                return False
            hits.append(now)
            return True


def register(pages: Pages) -> None:
    limit = RateLimit(pages.app.config.check_rate_per_min)

    @pages.page("/check", None, public=True)
    def check(ctx: Ctx) -> Response:
        text = ctx.arg("ref", max_len=400)
        if not text:
            return ctx.render("check.html", verdict=None, ref="")
        if not limit.allow(ctx.remote or "-", ctx.app.clock()):
            return ctx.render("check.html", http_status=429, verdict="slow_down", ref=text)
        ref = receipt_ref.parse(text)
        kiosk = ctx.app.store.one("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?",
                                  (ref.kiosk_id,)) if ref else None
        if ref is None or not receipt_ref.verify(ref, kiosk["secret_hex"] if kiosk else None):
            ctx.audit("receipt.check", None, {"genuine": False})
            return ctx.render("check.html", verdict="invalid", ref=text)
        txn = ctx.app.store.one("SELECT kiosk_id, service, biller, account, currency, total,"
                                " status, completed_at, created_at FROM transactions WHERE"
                                " transaction_id = ? AND kiosk_id = ?",
                                (ref.transaction_id, ref.kiosk_id))
        ctx.audit("receipt.check", ref.transaction_id, {"genuine": True,
                                                        "received": txn is not None})
        return ctx.render("check.html", verdict="genuine", ref=text, txn=txn,
                          kiosk_id=ref.kiosk_id)

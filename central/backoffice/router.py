"""The back office as one APIRouter: ``build_router(db, clock)`` (mounted in create_app).

``Backoffice`` holds the services every page shares (accounts, sessions, audit, alarms,
templates); each ``pages_*`` module registers its routes on it. Pages live under
``/bo/``; the public receipt check is ``/check``; ``/`` leads to the back office.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from central import refusals
from central.backoffice import (
    pages_alarms,
    pages_auth,
    pages_charts,
    pages_check,
    pages_fleet,
    pages_money,
    pages_payments,
    pages_vouchers,
)
from central.backoffice.accounts import Accounts
from central.backoffice.alarms import AlarmEngine
from central.backoffice.approvals import Approvals
from central.backoffice.audit import Audit
from central.backoffice.config import BackofficeConfig
from central.backoffice.schema import ensure_schema
from central.backoffice.sessions import Sessions
from central.backoffice.store import Store
from central.backoffice.web import Pages, environment
from central.db import CentralDB
from central.vouchers.ledger import VoucherLedger

STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
                ".png": "image/png", ".ico": "image/x-icon"}


class Backoffice:
    def __init__(self, db: CentralDB, clock: Callable[[], float],
                 config: BackofficeConfig) -> None:
        self.clock = clock
        self.config = config
        self.store = Store(db)
        ensure_schema(self.store)
        refusals.ensure(db)  # read by the alarms; created by create_app too (idempotent)
        self.accounts = Accounts(self.store, config, clock)
        self.sessions = Sessions(self.store, self.accounts, config, clock)
        self.audit = Audit(self.store, clock)
        self.alarms = AlarmEngine(self.store, config, clock)
        self.approvals = Approvals(self.store, clock)
        self.vouchers = VoucherLedger(db, clock)  # same database as app.state.vouchers
        self.env = environment()
        self._eval_lock = threading.Lock()
        self._last_eval: float | None = None

    def maybe_evaluate(self) -> None:
        """Re-evaluate alarms if the last run is older than ``eval_interval_s``."""
        now = self.clock()
        with self._eval_lock:
            if self._last_eval is not None and now - self._last_eval < \
                    self.config.eval_interval_s:
                return
            self._last_eval = now
        self.evaluate()

    def evaluate(self) -> None:
        self.alarms.evaluate()
        self.sessions.purge()

    def alarm_rows(self, **filters: Any) -> list[dict[str, Any]]:
        return self.alarms.rows(**filters)


def build_router(db: CentralDB, clock: Callable[[], float] = time.time,
                 config: BackofficeConfig | None = None) -> APIRouter:
    app = Backoffice(db, clock, config or BackofficeConfig.from_env())
    router = APIRouter()
    pages = Pages(router, app)
    pages_auth.register(pages)
    pages_fleet.register(pages)
    pages_alarms.register(pages)
    pages_payments.register(pages)
    pages_vouchers.register(pages)
    pages_check.register(pages)
    pages_money.register(pages)
    pages_charts.register(pages)
    files = {p.name: p for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}

    @router.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/bo/", status_code=303)

    @router.get("/bo/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        path = files.get(name)
        if path is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(path.read_bytes(), media_type=STATIC_TYPES[path.suffix],
                        headers={"Cache-Control": "public, max-age=3600",
                                 "X-Content-Type-Options": "nosniff"})

    return router

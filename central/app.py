"""The central server as a FastAPI application (see docs/protocols.md).

``create_app(db)`` builds everything from one database (an SQLite path, a PostgreSQL
URL, or an open ``central.db.Database``); ``clock`` is injectable so tests can exercise
clock-skew rejection. Features add their routes as an APIRouter in their own module,
mounted here by one line, authenticated with ``central.http.authenticated_kiosk``, and
their tables as migrations through ``central.db.register`` (``central.db.ensure`` for a
service handed a database opened before its module was imported).

Every error leaves as JSON ``{"error": code, "detail": text}``: ApiError for our
refusals, 422 for parameter validation, 413 for oversized bodies, and a last-resort 500
handler that still answers JSON (the strict input checks exist so that it never runs).
The interactive API docs (/docs, /redoc, /openapi.json) exist only with ``api_docs=True``
(``kiosk-central serve --api-docs``): the API is for kiosks, not for browsing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import central.schema  # noqa: F401  (registers the core tables)
from central import allowance, kiosk_api, refusals
from central.admin import Admin
from central.auth import Verifier
from central.backoffice import build_router
from central.commands import CommandBoard
from central.db import Database, open_database
from central.errors import ApiError
from central.http import BODY_TIMEOUT_S, authenticated_kiosk, parse_json
from central.intake import Intake
from central.limits import BodyLimit
from central.payments import routes as qr_routes
from central.releases.rollout import Rollout
from central.releases.routes import releases_router
from central.reply_signature import ReplySigner
from central.retention import Retention
from central.settlement import Settlements
from central.vouchers import api as vouchers_api
from central.vouchers.ledger import VoucherLedger

log = logging.getLogger(__name__)

MAX_BODY = 2 * 1024 * 1024


def create_app(db: str | Path | Database, *, clock: Callable[[], float] = time.time,
               max_body: int = MAX_BODY, api_docs: bool = False,
               release_repo: str | Path | None = None,
               body_timeout_s: float = BODY_TIMEOUT_S) -> FastAPI:
    database = db if isinstance(db, Database) else open_database(db)
    app = FastAPI(title="Kiosk central", version="1",
                  docs_url="/docs" if api_docs else None,
                  redoc_url="/redoc" if api_docs else None,
                  openapi_url="/openapi.json" if api_docs else None)
    retention = Retention(database, clock)
    app.state.clock = clock
    app.state.body_timeout_s = body_timeout_s  # central.http: a slow body is cut off
    app.state.db = database
    app.state.retention = retention
    app.state.verifier = Verifier(database, clock, after_verify=retention.maybe_purge)
    app.state.intake = Intake(database, clock)
    app.state.settlements = Settlements(database, clock)
    app.state.board = CommandBoard(database, clock)
    app.state.admin = Admin(database, clock)
    app.state.admin.app = app
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(ReplySigner, secret_for=app.state.verifier.secret_for_reply)
    kiosk = authenticated_kiosk
    refusals.ensure(database)
    app.include_router(kiosk_api.router)
    app.include_router(build_router(database, clock))
    app.state.vouchers = VoucherLedger(database, clock)
    app.state.intake.vouchers = app.state.vouchers  # voucher records enter the ledger
    app.include_router(vouchers_api.router(app.state.vouchers, kiosk))
    app.state.allowances = allowance.Allowances(database, clock)
    app.include_router(allowance.router(app.state.allowances, kiosk))
    app.state.qr = qr_routes.mount(app, database, clock, kiosk)
    app.include_router(releases_router(Rollout(database, clock), kiosk, parse_json,
                                       release_repo))

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_params(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}"
                           for e in exc.errors())
        return JSONResponse({"error": "invalid_request", "detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse({"error": code, "detail": str(exc.detail)},
                            status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse({"error": "internal", "detail": type(exc).__name__},
                            status_code=500)

    return app

"""The reference central server as a FastAPI application (see docs/protocols.md).

``create_app(db_path)`` builds everything from one SQLite file; ``clock`` is injectable
so tests can exercise clock-skew rejection. Every error leaves as JSON
``{"error": code, "detail": text}``: ApiError for our refusals, 422 for parameter
validation, 400 for malformed JSON, 413 for oversized bodies, and a last-resort 500
handler that still answers JSON.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import allowance, catalog, refusals
from central.admin import Admin
from central.auth import Verifier
from central.backoffice import build_router
from central.db import CentralDB, dumps
from central.errors import ApiError
from central.intake import Intake
from central.limits import BodyLimit
from central.payments import routes as qr_routes
from central.releases.rollout import Rollout
from central.releases.routes import releases_router
from central.reply_signature import ReplySigner, kiosk_secrets, mark_authenticated
from central.settlement import Settlements
from central.vouchers import api as vouchers_api
from central.vouchers.ledger import VoucherLedger

log = logging.getLogger(__name__)

MAX_BODY = 2 * 1024 * 1024
REDELIVER_AFTER_S = 60.0


def parse_json(body: bytes) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")
    try:
        return json.loads(body.decode("utf-8"), parse_constant=no_constants)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", f"body is not valid UTF-8 JSON: {exc}") from None


def create_app(db_path: str | Path, *, clock: Callable[[], float] = time.time,
               max_body: int = MAX_BODY, poll_interval: float = 0.1,
               release_repo: str | Path | None = None) -> FastAPI:
    db = CentralDB(db_path)
    verifier = Verifier(db, clock)
    intake = Intake(db, clock)
    settlements = Settlements(db, clock)
    app = FastAPI(title="Kiosk central (reference)", version="1")
    app.state.db = db
    app.state.intake = intake
    app.state.admin = Admin(db, clock)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(ReplySigner, secret_for=kiosk_secrets(db))
    app.include_router(build_router(db, clock))

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

    async def kiosk(request: Request) -> str:
        body = await request.body()
        request.state.body = body
        path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        if request.scope.get("query_string"):
            path += "?" + request.scope["query_string"].decode("latin-1")
        kiosk_id = verifier.verify(request.method, path, request.headers, body)
        mark_authenticated(request.state, kiosk_id)
        return kiosk_id

    refusals.ensure(db)
    app.state.vouchers = VoucherLedger(db, clock)
    app.include_router(vouchers_api.router(app.state.vouchers, kiosk))
    app.state.allowances = allowance.Allowances(db, clock)
    app.include_router(allowance.router(app.state.allowances, kiosk))

    def own(kiosk_id: str, path_id: str) -> None:
        if kiosk_id != path_id:
            raise ApiError(403, "wrong_kiosk", f"authenticated as {kiosk_id}, not {path_id}")

    app.state.qr = qr_routes.mount(app, db, clock, kiosk)

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "time": int(clock())}

    @app.post("/v1/transactions")
    def transactions(request: Request, kiosk_id: str = Depends(kiosk)) -> JSONResponse:
        status, reply = intake.submit(kiosk_id, parse_json(request.state.body))
        return JSONResponse(reply, status_code=status)

    @app.post("/v1/settlements")
    def settlement(request: Request, kiosk_id: str = Depends(kiosk)) -> JSONResponse:
        body = parse_json(request.state.body)
        if not (isinstance(body, dict) and "records" in body):
            return JSONResponse(settlements.submit(kiosk_id, body))
        records = body["records"]
        if not isinstance(records, list) or not records:
            raise ApiError(422, "invalid_body", "records must be a non-empty list")
        results = []
        for rec in records:
            rid = rec.get("id") if isinstance(rec, dict) else None
            try:
                data = rec.get("data") if isinstance(rec, dict) else None
                out = settlements.submit(kiosk_id, data)
                results.append({"id": rid, "code": 200, **out})
                if isinstance(rid, str):
                    with db.tx() as conn:
                        refusals.accepted(conn, int(clock()), kiosk_id, rid)
            except ApiError as exc:
                if exc.error in refusals.SETTLEMENT_PARK and isinstance(rid, str):
                    with db.tx() as conn:  # park it kiosk-side, alarm here; the rest flows
                        results.append(refusals.refused(conn, int(clock()), kiosk_id, rid,
                                                        "settlement", exc.error, exc.detail))
                    continue
                results.append({"id": rid, "status": exc.error, "code": exc.status,
                                "error": exc.detail})
        codes = {r["code"] for r in results}
        status = 200 if codes == {200} else (codes.pop() if len(codes) == 1 else 207)
        return JSONResponse({"results": results}, status_code=status)

    @app.get("/v1/billers")
    def billers(_: str = Depends(kiosk)) -> dict[str, Any]:
        return catalog.billers()

    @app.get("/v1/bills/{biller}/{account}")
    def bill(biller: str, account: str, _: str = Depends(kiosk)) -> dict[str, Any]:
        return catalog.bill(biller, account)

    @app.get("/v1/mobile/{msisdn}")
    def mobile(msisdn: str, _: str = Depends(kiosk)) -> dict[str, Any]:
        return catalog.mobile(msisdn)

    @app.get("/v1/kiosks/{kid}/commands")
    async def commands(kid: str, wait: int = Query(0, ge=0, le=30),
                       kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        own(kiosk_id, kid)
        deadline = time.monotonic() + wait
        while True:
            now = clock()
            with db.tx() as conn:
                rows = conn.execute(
                    "SELECT command_id, command, args FROM commands WHERE kiosk_id = ? AND"
                    " result_at IS NULL AND (delivered_at IS NULL OR delivered_at < ?)"
                    " ORDER BY created_at", (kid, now - REDELIVER_AFTER_S)).fetchall()
                for r in rows:
                    conn.execute("UPDATE commands SET delivered_at = ? WHERE command_id = ?",
                                 (now, r["command_id"]))
            if rows or time.monotonic() >= deadline:
                return {"commands": [{"id": r["command_id"], "command": r["command"],
                                      "args": json.loads(r["args"])} for r in rows]}
            await asyncio.sleep(poll_interval)

    @app.post("/v1/kiosks/{kid}/commands/{cid}/result")
    def command_result(request: Request, kid: str, cid: str,
                       kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        own(kiosk_id, kid)
        body = parse_json(request.state.body)
        if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
            raise ApiError(422, "invalid_body", 'body must be {"ok": bool, "detail": ...}')
        with db.tx() as conn:
            row = conn.execute("SELECT result_at FROM commands WHERE command_id = ? AND"
                               " kiosk_id = ?", (cid, kid)).fetchone()
            if row is None:
                raise ApiError(404, "unknown_command", f"no command {cid} for {kid}")
            if row["result_at"] is None:
                conn.execute("UPDATE commands SET result_ok = ?, result_detail = ?,"
                             " result_at = ? WHERE command_id = ?",
                             (int(body["ok"]), dumps(body.get("detail")), clock(), cid))
        return {"ok": True}

    @app.post("/v1/kiosks/{kid}/heartbeat")
    def heartbeat(request: Request, kid: str, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        own(kiosk_id, kid)
        body = parse_json(request.state.body)
        if not isinstance(body, dict):
            raise ApiError(422, "invalid_body", "heartbeat body must be a JSON object")
        now = clock()
        with db.tx() as conn:
            conn.execute("INSERT INTO heartbeats (kiosk_id, at, body) VALUES (?, ?, ?)",
                         (kid, now, dumps(body)))
            conn.execute("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
                         (dumps({"at": now, **body}), kid))
            pending = conn.execute("SELECT COUNT(*) FROM commands WHERE kiosk_id = ? AND"
                                   " result_at IS NULL", (kid,)).fetchone()[0]
        return {"ok": True, "server_time": int(now), "pending_commands": pending}

    app.include_router(releases_router(Rollout(db, clock), kiosk, parse_json, release_repo))
    return app

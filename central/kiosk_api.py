"""The kiosk-facing endpoints of docs/protocols.md as one APIRouter.

Handlers that touch the database are plain ``def`` (FastAPI runs them in its thread
pool), so the event loop only parses headers and parks long polls. Services come from
``request.app.state`` (built by ``central.app.create_app``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from central import catalog, refusals
from central import validation as v
from central.db import dumps
from central.errors import ApiError
from central.http import authenticated_kiosk, own, request_json
from central.intake import overall_status

router = APIRouter()
MAX_HEARTBEAT = 64 * 1024
MAX_DETAIL = 64 * 1024


@router.get("/v1/health")
async def health(request: Request) -> dict[str, Any]:
    return {"ok": True, "time": int(request.app.state.clock())}


@router.post("/v1/transactions")
def transactions(request: Request, kiosk_id: str = Depends(authenticated_kiosk)
                 ) -> JSONResponse:
    status, reply = request.app.state.intake.submit(kiosk_id, request_json(request))
    return JSONResponse(reply, status_code=status)


@router.post("/v1/settlements")
def settlement(request: Request, kiosk_id: str = Depends(authenticated_kiosk)) -> JSONResponse:
    settlements = request.app.state.settlements
    body = request_json(request)
    if not (isinstance(body, dict) and "records" in body):
        return JSONResponse(settlements.submit(kiosk_id, body))
    records = body["records"]
    if not isinstance(records, list) or not records or len(records) > 100:
        raise ApiError(422, "invalid_body", "records must be a list of 1 to 100 batches")
    db, now = request.app.state.db, int(request.app.state.clock())
    results = []
    for rec in records:
        rid = rec.get("id") if isinstance(rec, dict) else None
        rid = rid if isinstance(rid, str) and v.ID.fullmatch(rid) else None
        try:
            if rid is None:
                raise v.invalid("records[].id", "must be an id")
            out = settlements.submit(kiosk_id, rec.get("data"))
            results.append({"id": rid, "code": 200, **out})
            with db.tx() as conn:
                refusals.accepted(conn, now, kiosk_id, rid)
        except ApiError as exc:
            if exc.error in refusals.SETTLEMENT_PARK and rid is not None:
                with db.tx() as conn:  # park it kiosk-side, alarm here; the rest flows
                    results.append(refusals.refused(conn, now, kiosk_id, rid, "settlement",
                                                    exc.error, exc.detail))
                continue
            results.append({"id": rid, "status": exc.error, "code": exc.status,
                            "error": exc.detail})
    return JSONResponse({"results": results}, status_code=overall_status(results))


@router.get("/v1/billers")
def billers(_: str = Depends(authenticated_kiosk)) -> dict[str, Any]:
    return catalog.billers()


@router.get("/v1/bills/{biller}/{account}")
def bill(biller: str, account: str, _: str = Depends(authenticated_kiosk)) -> dict[str, Any]:
    return catalog.bill(biller, account)


@router.get("/v1/mobile/{msisdn}")
def mobile(msisdn: str, _: str = Depends(authenticated_kiosk)) -> dict[str, Any]:
    return catalog.mobile(msisdn)


@router.get("/v1/kiosks/{kid}/commands")
async def commands(request: Request, kid: str, wait: int = Query(0, ge=0, le=30),
                   kiosk_id: str = Depends(authenticated_kiosk)) -> dict[str, Any]:
    own(kiosk_id, kid)
    return {"commands": await request.app.state.board.poll(kid, wait)}


@router.post("/v1/kiosks/{kid}/commands/{cid}/result")
def command_result(request: Request, kid: str, cid: str,
                   kiosk_id: str = Depends(authenticated_kiosk)) -> dict[str, Any]:
    own(kiosk_id, kid)
    body = request_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        raise ApiError(422, "invalid_body", 'body must be {"ok": bool, "detail": ...}')
    if len(dumps(body.get("detail"))) > MAX_DETAIL:
        raise ApiError(413, "detail_too_large", f"detail is limited to {MAX_DETAIL} bytes")
    if not v.ID.fullmatch(cid) or not request.app.state.board.result(
            kid, cid, body["ok"], body.get("detail")):
        raise ApiError(404, "unknown_command", "no such command for this kiosk")
    return {"ok": True}


@router.post("/v1/kiosks/{kid}/heartbeat")
def heartbeat(request: Request, kid: str, kiosk_id: str = Depends(authenticated_kiosk)
              ) -> dict[str, Any]:
    """Stored as sent; ``at`` is the server's receive time, whatever the body says."""
    own(kiosk_id, kid)
    body = request_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", "heartbeat body must be a JSON object")
    text = dumps(body)
    if len(text) > MAX_HEARTBEAT:
        raise ApiError(413, "heartbeat_too_large", f"at most {MAX_HEARTBEAT} bytes")
    now = request.app.state.clock()
    shown = {**{k: val for k, val in body.items() if k != "at"}, "at": now}
    if "at" in body:
        shown["kiosk_at"] = body["at"]
    with request.app.state.db.transaction() as tx:
        tx.execute("INSERT INTO heartbeats (kiosk_id, at, body) VALUES (?, ?, ?)",
                   (kid, now, text))
        tx.execute("UPDATE kiosks SET last_heartbeat = ?, last_heartbeat_at = ?,"
                   " last_seen_at = ? WHERE kiosk_id = ?", (dumps(shown), now, now, kid))
        pending = tx.one("SELECT COUNT(*) AS n FROM commands WHERE kiosk_id = ? AND"
                         " result_at IS NULL", (kid,))
    return {"ok": True, "server_time": int(now), "pending_commands": pending["n"] if pending
            else 0}

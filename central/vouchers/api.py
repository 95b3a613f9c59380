"""Kiosk endpoints of the voucher ledger (``/v1/vouchers/...``, docs/protocols.md).

Mounted by one line in ``central.app.create_app``; ``kiosk`` is the app's authentication
dependency (it returns the authenticated kiosk id and leaves the raw body in
``request.state.body``), so every call here is signed like any other kiosk request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request

from central import validation as v
from central.errors import ApiError
from central.vouchers.ledger import VoucherLedger

ID_LEN = 128


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.state.body.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "malformed_json", "body is not valid UTF-8 JSON") from None
    return v.obj(body, "body")


def _str(body: dict[str, Any], key: str, *, required: bool = True) -> Any:
    return v.str_field(body, key, "body", required=required, max_len=ID_LEN)


def router(ledger: VoucherLedger, kiosk: Callable[..., Any]) -> APIRouter:
    r = APIRouter(prefix="/v1/vouchers")

    @r.post("/reserve")
    def reserve(request: Request, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        body = _body(request)
        return ledger.reserve(kiosk_id, _str(body, "code"), _str(body, "session_id"))

    @r.post("/redeem")
    def redeem(request: Request, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        body = _body(request)
        amount = v.int_field(body, "amount", "body", minimum=1)
        assert amount is not None
        return ledger.redeem(kiosk_id, _str(body, "code"), amount=amount,
                             session_id=_str(body, "session_id"),
                             redemption_id=_str(body, "redemption_id"),
                             transaction_id=_str(body, "transaction_id", required=False))

    @r.post("/release")
    def release(request: Request, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        body = _body(request)
        return ledger.release(kiosk_id, _str(body, "code"), _str(body, "session_id"))

    return r

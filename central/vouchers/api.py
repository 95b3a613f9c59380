"""Kiosk endpoints of the voucher ledger (``/v1/vouchers/...``, docs/protocols.md).

Mounted by one line in ``central.app.create_app``; ``kiosk`` is the app's authentication
dependency (it returns the authenticated kiosk id and leaves the raw body in
``request.state.body``), so every call here is signed like any other kiosk request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request

from central import validation as v
from central.http import request_json
from central.vouchers.ledger import VoucherLedger

ID_LEN = 128


def _body(request: Request) -> dict[str, Any]:
    """The one JSON parser of every kiosk endpoint: 400 ``malformed_json`` for invalid
    UTF-8, NaN, lone surrogates and nesting too deep (never a RecursionError's 500)."""
    return v.obj(request_json(request), "body")


def _str(body: dict[str, Any], key: str, *, required: bool = True) -> Any:
    return v.str_field(body, key, "body", required=required, max_len=ID_LEN)


def router(ledger: VoucherLedger, kiosk: Callable[..., Any]) -> APIRouter:
    r = APIRouter(prefix="/v1/vouchers")

    @r.post("/balance")
    def balance(request: Request, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        """Read-only; POST so the code travels in the signed body, never in a URL that
        access logs and proxies keep."""
        body = _body(request)
        return ledger.balance(kiosk_id, _str(body, "code"),
                              _str(body, "session_id", required=False))

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

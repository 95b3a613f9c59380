"""HTTP endpoints of QR payments: the kiosk's (HMAC-authenticated like every ``/v1``
call) and the provider's notification endpoint (authenticated by the provider's
signature instead). Mounted by one line in ``central.app.create_app``.

The provider adapter comes from the payments TOML named by ``$KIOSK_CENTRAL_QR_CONFIG``
(key files outside the repository, see ``keys.py``); without it every QR endpoint
answers 503 ``qr_unavailable`` and the kiosk hides the QR button.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from central.db import CentralDB
from central.errors import ApiError
from central.http import parse_json
from central.payments.keys import load_config
from central.payments.provider import PaymentProvider
from central.payments.service import QrPayments
from central.payments.wechat import WechatPayV3

CONFIG_ENV = "KIOSK_CENTRAL_QR_CONFIG"


def _body(request: Request) -> dict[str, Any]:
    """The body through the kiosk API's one parser (central.http.parse_json: 400
    ``malformed_json`` for bad UTF-8, NaN, lone surrogates, nesting too deep)."""
    data = parse_json(getattr(request.state, "body", b""))
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_body", "body must be a JSON object")
    return data


def provider_from_env(clock: Callable[[], float]) -> PaymentProvider | None:
    path = os.environ.get(CONFIG_ENV)
    return WechatPayV3(load_config(path), clock=clock) if path else None


def router(service: QrPayments, auth: Callable[..., Any]) -> APIRouter:
    r = APIRouter()

    @r.get("/v1/qr/wallets")
    def wallets(_: str = Depends(auth)) -> dict[str, Any]:
        return {"available": service.provider is not None, "wallets": list(service.wallets),
                "modes": ["code", "native"], "native_ttl_s": int(service.native_ttl_s),
                "user_paying_timeout_s": int(service.user_paying_timeout_s)}

    @r.post("/v1/qr/charges")
    def charge(request: Request, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        return service.charge_code(kiosk_id, _body(request))

    @r.post("/v1/qr/orders")
    def order(request: Request, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        return service.create_native(kiosk_id, _body(request))

    @r.get("/v1/qr/payments/{tid}")
    def status(tid: str, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        return service.status(kiosk_id, tid)

    @r.post("/v1/qr/payments/{tid}/cancel")
    def cancel(tid: str, request: Request, kiosk_id: str = Depends(auth)) -> dict[str, Any]:
        return service.cancel(kiosk_id, tid, _body(request).get("reason"))

    @r.post("/v1/qr/notify/{provider}")
    async def notify(provider: str, request: Request) -> Response:
        body = await request.body()
        try:
            if service.provider is None or provider != service.provider.name:
                raise ApiError(404, "unknown_provider", provider)
            service.notify(request.headers, body)
        except ApiError as exc:  # the provider resends on any non-2xx answer
            return JSONResponse({"code": "FAIL", "message": exc.detail},
                                status_code=exc.status)
        return Response(status_code=204)

    return r


def mount(app: FastAPI, db: CentralDB, clock: Callable[[], float],
          auth: Callable[..., Any], provider: PaymentProvider | None = None) -> QrPayments:
    """Build the service (provider from ``$KIOSK_CENTRAL_QR_CONFIG`` unless given),
    include its routes in ``app`` and return it."""
    service = QrPayments(db, provider or provider_from_env(clock), clock=clock)
    app.include_router(router(service, auth))
    return service




"""Request helpers every router uses: the authenticated kiosk, the JSON body, ownership.

``authenticated_kiosk`` is the FastAPI dependency for kiosk endpoints (routers of other
modules use it too: ``kiosk_id: str = Depends(authenticated_kiosk)``). It checks the
headers first and reads the body only for a known kiosk with a plausible timestamp,
within ``BODY_TIMEOUT_S`` and the size limit, so an unauthenticated client can make the
server buffer nothing and a slow one cannot hold a worker. Database work (secret look-up
on a cache miss, the nonce) runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import anyio
import anyio.to_thread
from fastapi import Request
from starlette.requests import ClientDisconnect

from central import validation as v
from central.auth import KIOSK_ID, Verifier
from central.errors import ApiError
from central.reply_signature import mark_authenticated

BODY_TIMEOUT_S = 15.0
log = logging.getLogger(__name__)


def parse_json(body: bytes) -> Any:
    """The body as JSON: 400 ``malformed_json`` for anything else (NaN, deep nesting...)."""
    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=no_constants)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", f"body is not valid UTF-8 JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "malformed_json", "body nests too deeply") from None
    try:
        v.plain_json(value, "body")
    except ApiError as exc:
        raise ApiError(400, "malformed_json", exc.detail) from None
    return value


def request_json(request: Request) -> Any:
    """The JSON body an ``authenticated_kiosk`` dependency has read and verified."""
    return parse_json(request.state.body)


def signed_path(request: Request) -> str:
    path: str = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
    if request.scope.get("query_string"):
        path += "?" + request.scope["query_string"].decode("latin-1")
    return path


async def authenticated_kiosk(request: Request) -> str:
    verifier: Verifier = request.app.state.verifier
    parsed = verifier.parse_headers(request.headers)
    hit, secret = verifier.cached_secret(parsed[0])
    if not hit:
        secret = await anyio.to_thread.run_sync(verifier.load_secret, parsed[0])
    claim = verifier.claim(parsed, secret)
    limit = float(getattr(request.app.state, "body_timeout_s", BODY_TIMEOUT_S))
    try:
        with anyio.fail_after(limit):
            body = await request.body()
    except TimeoutError:
        raise ApiError(408, "body_timeout", f"body not received within {limit:g} s",
                       headers={"Connection": "close"}) from None
    except ClientDisconnect:
        # A kiosk that gave up (its read timeout) or lost its link mid-body: nothing was
        # stored and nobody hears the answer. Not a server fault: no traceback, no 500
        # (under a fleet's catch-up these were 40,000 tracebacks in one run).
        log.info("kiosk %s went away while sending its body", parsed[0])
        raise ApiError(400, "client_disconnected", "the client closed the connection"
                       " before its body arrived", headers={"Connection": "close"}) from None
    request.state.body = body
    kiosk_id = await anyio.to_thread.run_sync(verifier.verify, claim, request.method,
                                              signed_path(request), body)
    request.state.kiosk_id = kiosk_id
    mark_authenticated(request.state, kiosk_id)  # central.reply_signature signs the reply
    return kiosk_id


def own(kiosk_id: str, path_id: str) -> None:
    """A path naming another kiosk is 403, whoever is authenticated."""
    if kiosk_id != path_id or not KIOSK_ID.fullmatch(path_id):
        raise ApiError(403, "wrong_kiosk", "the path names another kiosk")

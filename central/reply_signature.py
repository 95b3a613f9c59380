"""Signs every reply to an authenticated kiosk request (the reply-signature contract).

Header ``X-Reply-Signature: hex(HMAC-SHA256(kiosk_secret, "REPLY\\n" + <request X-Nonce>
+ "\\n" + <HTTP status> + "\\n" + sha256_hex(body)))``. Why: the kiosk counts a record as
delivered only on an authentic reply; a captive portal or proxy that answers 200 knows
neither the secret nor, in advance, the nonce, so it cannot produce one.

Self-contained on purpose (one ASGI middleware, one function), so the rest of central can
change freely: the request's authentication (``kiosk`` dependency in ``central.app``)
records the authenticated kiosk id in the request state, and only then is the reply
signed; the secret comes from ``secret_for``. Replies to unauthenticated or refused
requests stay unsigned (the kiosk treats them as failed attempts), and so do the
last-resort 500s, which are produced outside this middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from protocol.signing import reply_signature

HEADER = b"x-reply-signature"
STATE_KEY = "authenticated_kiosk"

SecretFor = Callable[[str], bytes | None]
Message = dict[str, Any]


def kiosk_secrets(db: Any) -> SecretFor:
    """``secret_for`` reading the kiosks table through the central db's ``query``."""
    def secret_for(kiosk_id: str) -> bytes | None:
        rows = db.query("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        return bytes.fromhex(rows[0]["secret_hex"]) if rows else None
    return secret_for


def mark_authenticated(state: Any, kiosk_id: str) -> None:
    """Called by the authentication dependency once the request signature checked out."""
    setattr(state, STATE_KEY, kiosk_id)


class ReplySigner:
    """ASGI middleware: buffers a reply, then sends it with its signature header."""

    def __init__(self, app: Any, secret_for: SecretFor) -> None:
        self.app = app
        self.secret_for = secret_for

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        nonce = ""
        for key, value in scope.get("headers", []):
            if key == b"x-nonce":
                nonce = value.decode("latin-1")
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            await send(self._signed(scope, start, nonce, body))
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    def _signed(self, scope: Message, start: Message, nonce: str, body: bytes) -> Message:
        state = scope.get("state") or {}
        kiosk_id = state.get(STATE_KEY) if isinstance(state, dict) else None
        secret = self.secret_for(kiosk_id) if kiosk_id and nonce else None
        if secret is None:
            return start
        sig = reply_signature(secret, nonce, int(start["status"]), body)
        headers = [h for h in start.get("headers", []) if h[0].lower() != HEADER]
        return {**start, "headers": [*headers, (HEADER, sig.encode())]}

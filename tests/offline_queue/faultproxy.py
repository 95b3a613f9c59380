"""A threaded TCP proxy that injects HTTP faults between the sync worker and the server.

One HTTP request per connection (the proxy forces ``Connection: close`` upstream), so
each request gets exactly one scripted action:

pass                forward both ways
drop                close the client socket before forwarding (server never sees it)
drop_response       forward, let the server commit, then close without answering
reset_mid_response  forward, send half of the reply, then RST
delay:S             forward, hold the reply S seconds (longer than the read timeout)
hold                forward, then wait until ``release()`` (for kill-mid-batch tests)
500                 answer 500 without forwarding
429:S               answer 429 with ``Retry-After: S`` without forwarding
portal              answer 200 with a captive portal's HTML page, without forwarding
forged              answer 200 with JSON claiming every record ``stored``, unsigned,
                    without forwarding (a proxy or portal that speaks our format)
unsigned            forward, then pass the server's reply on with its
                    ``X-Reply-Signature`` removed
signed_empty        forward, then answer 200 ``{}`` correctly signed with ``secret`` (a
                    reply without per-record results that is authentic)

Actions come from ``script`` (a list consumed in order) and then from ``chooser``
(e.g. a seeded random choice); the default is ``pass``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import struct
import threading
from collections import Counter, deque
from collections.abc import Callable


class FaultProxy:
    def __init__(self, upstream_port: int, chooser: Callable[[], str] | None = None,
                 secret: bytes = b"") -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.secret = secret  # only for ``signed_empty``
        self.script: deque[str] = deque()
        self.chooser = chooser
        self.applied: Counter[str] = Counter()
        self.holding = threading.Event()
        self._release = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    def push(self, *actions: str) -> None:
        with self._lock:
            self.script.extend(actions)

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self._stop.set()
        self._release.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._accept.join(5)
        for t in self._threads:
            t.join(5)

    def _next(self) -> str:
        with self._lock:
            if self.script:
                action = self.script.popleft()
            else:
                action = self.chooser() if self.chooser else "pass"
            self.applied[action] += 1
            return action

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            t = threading.Thread(target=self._handle, args=(client,), daemon=True)
            self._threads.append(t)
            t.start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            client.settimeout(10)
            try:
                request = _read_request(client)
            except (OSError, ValueError):
                return
            if request is None:
                return
            action = self._next()
            name, _, arg = action.partition(":")
            if name == "drop":
                return
            if name == "500":
                client.sendall(_canned(500, "Internal Server Error", b'{"error": "boom"}'))
                return
            if name == "429":
                client.sendall(_canned(429, "Too Many Requests", b'{"error": "slow down"}',
                                       f"Retry-After: {arg or '1'}\r\n"))
                return
            if name == "portal":
                client.sendall(_canned(200, "OK", PORTAL_PAGE, content_type="text/html"))
                return
            if name == "forged":
                client.sendall(_canned(200, "OK", _forged_results(request)))
                return
            try:
                response = self._forward(request)
            except OSError:
                return
            if name == "unsigned":
                response = b"\r\n".join(line for line in response.split(b"\r\n")
                                        if not line.lower().startswith(b"x-reply-signature:"))
            elif name == "signed_empty":
                response = _canned(200, "OK", b"{}", _reply_signature(
                    self.secret, _header(request, b"x-nonce"), 200, b"{}"))
            if name == "drop_response":
                return
            if name == "delay":
                self._stop.wait(float(arg or "1"))
            elif name == "hold":
                self.holding.set()
                self._release.wait(30)
                return
            elif name == "reset_mid_response":
                with contextlib.suppress(OSError):
                    client.sendall(response[: len(response) // 2])
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            with contextlib.suppress(OSError):
                client.sendall(response)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=10) as up:
            up.sendall(request)
            chunks = []
            while True:
                data = up.recv(65536)
                if not data:
                    return b"".join(chunks)
                chunks.append(data)


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name = line.split(b":", 1)[0].strip().lower()
        if name == b"content-length":
            length = int(line.split(b":", 1)[1])
        if name != b"connection":
            kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


PORTAL_PAGE = (b"<html><head><title>Hotel Wi-Fi</title></head><body><h1>Welcome</h1>"
               b"<p>Please accept the terms to continue.</p></body></html>")


def _header(request: bytes, name: bytes) -> str:
    for line in request.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip().decode("latin-1")
    return ""


def _forged_results(request: bytes) -> bytes:
    """What a meddling proxy could answer: every record id claimed stored."""
    body = json.loads(request.split(b"\r\n\r\n", 1)[1] or b"{}")
    ids = [r.get("id") for r in body.get("records", []) if isinstance(r, dict)]
    return json.dumps({"results": [{"id": i, "status": "stored", "code": 201}
                                   for i in ids]}).encode()


def _reply_signature(secret: bytes, nonce: str, status: int, body: bytes) -> str:
    """The contract's reply signature, written here from TURF.md (not the product's code)."""
    message = f"REPLY\n{nonce}\n{status}\n{hashlib.sha256(body).hexdigest()}".encode()
    return f"X-Reply-Signature: {hmac.new(secret, message, hashlib.sha256).hexdigest()}\r\n"


def _canned(status: int, reason: str, body: bytes, extra: str = "",
            content_type: str = "application/json") -> bytes:
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n").encode() + body

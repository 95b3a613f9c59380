"""Slow-header and slow-body clients are cut off: real sockets on 127.0.0.1.

The limits are shortened for the test (``run_server(header_timeout_s=..,
body_timeout_s=..)``; production: 10 s and 15 s, central.serving and central.http), so
each case waits a fraction of a second of real time for the server to act, never a
fixed sleep: the socket's own timeout bounds the wait and a hang fails the test.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from central.testing import run_server

LIMIT_S = 0.4
WAIT_S = 5.0  # far above LIMIT_S: the server must act well before the client gives up
BODY = b'{"records": []}' + b" " * 100  # the signed body the slow-body clients stall in


@pytest.fixture
def slow_server(tmp_path) -> Iterator[tuple[str, int, Any]]:
    with run_server(tmp_path / "c.db", header_timeout_s=LIMIT_S,
                    body_timeout_s=LIMIT_S) as (url, admin):
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port), admin


def _read_until_closed(s: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or WAIT_S passes)."""
    s.settimeout(WAIT_S)
    data = b""
    while True:
        try:
            chunk = s.recv(4096)
        except TimeoutError:
            raise AssertionError(f"connection still open after {WAIT_S} s: {data!r}") from None
        if not chunk:
            return data
        data += chunk


def _signed_head(secret: bytes, nonce: str) -> bytes:
    """The head of kiosk K0001's signed ``POST /v1/transactions`` of ``BODY``."""
    ts = str(int(time.time()))
    msg = f"POST\n/v1/transactions\n{ts}\n{nonce}\n{hashlib.sha256(BODY).hexdigest()}"
    sig = hmac.new(secret, msg.encode(), hashlib.sha256).hexdigest()
    return (f"POST /v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            f"\r\nContent-Length: {len(BODY)}\r\nX-Kiosk-Id: K0001\r\nX-Timestamp: {ts}\r\n"
            f"X-Nonce: {nonce}\r\nX-Signature: {sig}\r\n\r\n").encode()


def test_a_client_that_never_finishes_its_headers_is_cut_off(slow_server):
    host, port, _ = slow_server
    with socket.create_connection((host, port), timeout=WAIT_S) as s:
        s.sendall(b"POST /v1/transactions HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert _read_until_closed(s) == b""  # closed without a reply
        assert time.monotonic() - started < WAIT_S


def test_trickling_header_bytes_does_not_extend_the_limit(slow_server):
    host, port, _ = slow_server
    with socket.create_connection((host, port), timeout=WAIT_S) as s:
        started = time.monotonic()
        s.sendall(b"GET /v1/billers HTTP/1.1\r\n")
        closed = False
        for i in range(40):  # one header line every LIMIT_S / 4: forever, if it could
            try:
                s.sendall(f"X-Pad-{i}: y\r\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            s.settimeout(LIMIT_S / 4)
            try:
                if s.recv(4096) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
        assert closed, "the server kept a trickling client"
        assert time.monotonic() - started < 4 * LIMIT_S + 1.0


def test_an_authenticated_client_that_stalls_its_body_gets_408_and_is_closed(slow_server):
    host, port, admin = slow_server
    secret = bytes.fromhex(admin.add_kiosk("K0001"))
    head = _signed_head(secret, "slowbody-0001")
    with socket.create_connection((host, port), timeout=WAIT_S) as s:
        s.sendall(head + BODY[:10])  # then nothing more
        reply = _read_until_closed(s)
    assert reply.startswith(b"HTTP/1.1 408"), reply
    assert b"body_timeout" in reply and b"connection: close" in reply.lower()
    assert admin.record_count() == 0


def test_a_prompt_client_on_the_same_server_is_served(slow_server):
    """The short limits cut off only the slow: a whole request at once is answered."""
    host, port, _ = slow_server
    with socket.create_connection((host, port), timeout=WAIT_S) as s:
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = _read_until_closed(s)
    assert reply.startswith(b"HTTP/1.1 200"), reply


def test_a_client_that_hangs_up_mid_body_is_no_server_error(slow_server, caplog):
    """Before: starlette's ClientDisconnect reached the catch-all handler, logged as
    "unhandled error" with a traceback (and uvicorn's own), once per kiosk that gave up."""
    host, port, admin = slow_server
    secret = bytes.fromhex(admin.add_kiosk("K0001"))
    head = _signed_head(secret, "hangup-0001")
    caplog.set_level(logging.INFO)
    with socket.create_connection((host, port), timeout=WAIT_S) as s:
        s.sendall(head + BODY[:10])
    deadline = time.monotonic() + WAIT_S  # the server notices the hang-up asynchronously
    while "went away" not in caplog.text:
        assert time.monotonic() < deadline, caplog.text
        time.sleep(0.01)
    assert "unhandled error" not in caplog.text and "Traceback" not in caplog.text
    assert admin.record_count() == 0

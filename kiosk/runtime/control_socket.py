"""The running kiosk's local control socket: the CLI asks the kiosk instead of its devices.

Why a socket: the serial ports belong to the running kiosk (a second process opening them
would fight its driver, or see nothing), so ``kiosk maint diagnostics`` and device tests
from a shell must ask the process that owns them. A Unix socket in the data directory
(mode 0600, and the peer's uid checked with SO_PEERCRED) keeps it to the kiosk's own user
and root; each request is one JSON line, each answer one JSON line. The server runs on
its own threads, never on the GUI thread; handlers must be thread-safe (the maintenance
service and drivers are).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SOCKET_NAME = "control.sock"
MAX_REQUEST_BYTES = 64 * 1024
TIMEOUT_S = 10.0
Handler = Callable[[dict[str, Any]], dict[str, Any]]


class ControlError(Exception):
    """The kiosk is not reachable, or answered with an error (``reply``: its fields)."""

    def __init__(self, message: str, reply: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.reply: dict[str, Any] = dict(reply or {})


class NotRunning(ControlError):
    """No kiosk listens: none was started, or it crashed and left its socket behind.

    Kept apart from other errors because a caller may then do the job itself (the CLI
    falls back to the store), which it must not do when a running kiosk said no.
    """


class Refused(Exception):
    """Raised by a handler: answer ``error`` with ``details`` (e.g. ``kind``, tries left)
    instead of the bare message, so the caller can tell a refusal from a breakdown."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


def socket_path(data_dir: Path) -> Path:
    return Path(data_dir) / SOCKET_NAME


def _peer_uid(sock: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


class _RequestHandler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.connection.settimeout(TIMEOUT_S)
        uid = _peer_uid(self.connection)
        if uid is not None and uid not in (0, os.getuid()):
            self._answer({"ok": False, "error": "permission denied"})
            return
        try:
            line = self.rfile.readline(MAX_REQUEST_BYTES + 1)
        except OSError:
            return
        self._answer(self.server.dispatch(line))

    def _answer(self, reply: Mapping[str, Any]) -> None:
        with contextlib.suppress(OSError):
            self.wfile.write(json.dumps(reply, default=str).encode() + b"\n")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, handlers: Mapping[str, Handler]) -> None:
        self.handlers = dict(handlers)
        super().__init__(path, _RequestHandler)

    def dispatch(self, line: bytes) -> dict[str, Any]:
        if len(line) > MAX_REQUEST_BYTES:
            return {"ok": False, "error": "request too large"}
        try:
            request = json.loads(line)
        except ValueError:
            return {"ok": False, "error": "request is not JSON"}
        if not isinstance(request, dict) or not isinstance(request.get("op"), str):
            return {"ok": False, "error": "request needs an \"op\""}
        handler = self.handlers.get(request["op"])
        if handler is None:
            return {"ok": False, "error": f"unknown op {request['op']!r}",
                    "ops": sorted(self.handlers)}
        try:
            return {"ok": True, **handler(request)}
        except Refused as exc:
            return {**exc.details, "ok": False, "error": str(exc)}
        except Exception as exc:  # one bad request must not stop the server
            log.info("control op %s failed: %s", request["op"], exc)
            return {"ok": False, "error": str(exc) or type(exc).__name__}


class ControlServer:
    """Serves ``handlers`` (op name -> handler) on ``<data_dir>/control.sock``."""

    def __init__(self, data_dir: Path, handlers: Mapping[str, Handler]) -> None:
        self.path = socket_path(data_dir)
        self.handlers = handlers
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            if _answers(self.path):
                raise ControlError(f"another kiosk is running on {self.path}")
            self.path.unlink()  # left by a crashed run
        old = os.umask(0o177)
        try:
            self._server = _Server(str(self.path), self.handlers)
        finally:
            os.umask(old)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="control-socket", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.path.unlink(missing_ok=True)


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def call(data_dir: Path, op: str, timeout_s: float = TIMEOUT_S, **args: Any) -> dict[str, Any]:
    """Ask the running kiosk; ``NotRunning`` when none listens, ``ControlError`` when it
    does not answer in ``timeout_s`` or refuses (the reply's fields in ``.reply``)."""
    path = socket_path(data_dir)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout_s)
        try:
            sock.connect(str(path))
        except FileNotFoundError as exc:
            raise NotRunning(f"no running kiosk (no {path})") from exc
        except ConnectionRefusedError as exc:
            # The file outlived its kiosk (killed, power cut): nobody listens.
            raise NotRunning(f"no running kiosk (nothing answers on {path})") from exc
        except PermissionError as exc:  # mode 0600 (or its directory): not the kiosk's user
            raise ControlError(f"not allowed to ask the running kiosk on {path}: run as the "
                               "kiosk's user (sudo -u kiosk ...) or root") from exc
        except OSError as exc:
            raise ControlError(f"the running kiosk did not answer: {exc}") from exc
        try:
            # The kiosk may refuse before reading (another user: "permission denied") and
            # close; its answer is then already in our buffer, so read it anyway.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(json.dumps({"op": op, **args}).encode() + b"\n")
            with sock.makefile("rb") as reader:
                line = reader.readline(16 * MAX_REQUEST_BYTES)
        except OSError as exc:
            raise ControlError(f"the running kiosk did not answer: {exc}") from exc
    if not line:
        raise ControlError("the running kiosk closed the connection without an answer")
    try:
        reply = json.loads(line)
    except ValueError as exc:
        raise ControlError("the running kiosk sent a broken answer") from exc
    if not isinstance(reply, dict) or not reply.get("ok"):
        if not isinstance(reply, dict):
            raise ControlError("the running kiosk sent a broken answer")
        raise ControlError(str(reply.get("error") or "refused"), reply)
    reply.pop("ok", None)
    return reply

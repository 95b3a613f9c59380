"""A TCP forwarder with an off switch: the demo's "network down / up" button.

Why a real forwarder and not a flag in the client: the kiosk must experience a real
outage (refused connections, dropped sockets) exactly as it would in the field, so the
offline paths under test are the real ones. Bound to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class NetworkSwitch:
    """Forwards ``127.0.0.1:port`` to ``target``; ``set_up(False)`` drops everything."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.up = True
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(32)
        self.port = int(self._listener.getsockname()[1])
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, name="demo-network", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_up(self, up: bool) -> None:
        self.up = up
        if not up:
            with self._lock:
                sockets, self._open = list(self._open), set()
            for sock in sockets:
                _drop(sock)

    def close(self) -> None:
        self._stopped = True
        self.set_up(False)
        with contextlib.suppress(OSError):  # wakes the blocked accept() (close alone does not)
            self._listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._listener.close()
        self._thread.join(2)

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=3)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                _drop(sock)
            with self._lock:
                self._open.discard(src)
                self._open.discard(dst)


def _drop(sock: socket.socket) -> None:
    """Shut down, then close: ``close()`` alone neither wakes a thread blocked in
    ``recv`` on it nor tells the peer, so an "outage" would hang instead of failing."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()

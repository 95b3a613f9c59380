"""A fault-injecting TCP proxy on 127.0.0.1 (asyncio, on its own thread).

Why our own: the faults that matter for exactly-once delivery are specific (the server
committed but the answer never arrives; the request arrives half-written; the server
vanishes and comes back), and ~150 lines of asyncio do exactly those, seeded, with
counters. Faults are decided per chunk with the proxy's seeded RNG:

- ``drop``      a new connection is closed at once (RST) without reaching the server;
- ``delay_s``   each chunk waits this long in each direction;
- ``reset``     a server->kiosk chunk is cut: part of it is forwarded, then RST both ways
                (the classic "committed but not acknowledged");
- ``partial``   a kiosk->server chunk is half-written, then RST both ways;
- ``down``      the upstream is treated as gone: every connection is reset;
- ``portal``    a new connection is answered by a captive portal: the proxy reads each
                whole request (headers and the full body, by Content-Length or chunked)
                and answers ``200 OK`` with an HTML login page, never reaching the server.
                Why read it all: a portal that answered mid-upload and closed would give
                the kiosk a connection reset, not the 200 the sync must learn to refuse.

``set_faults`` swaps the fault mix atomically; ``counters`` says what was injected.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Faults:
    drop: float = 0.0
    delay_s: float = 0.0
    reset: float = 0.0
    partial: float = 0.0
    down: bool = False
    portal: float = 0.0


PORTAL_PAGE = (b"<!doctype html><html><head><title>Wi-Fi login</title></head><body>"
               b"<form action=\"/login\">Please accept the terms to continue</form>"
               b"</body></html>")


CLEAN = Faults()


def _rst(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), as a crashed peer or a middlebox would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, listen_port: int = 0) -> None:
        self.upstream_port = upstream_port
        self.listen_port = listen_port
        self.faults = CLEAN
        self.counters = {"connections": 0, "requests": 0, "dropped": 0, "reset": 0,
                         "partial": 0, "refused": 0, "delayed_chunks": 0, "portal": 0}
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._live: set[asyncio.StreamWriter] = set()  # client ends of open connections

    # -- control (any thread) --------------------------------------------------------
    def set_faults(self, faults: Faults) -> None:
        with self._lock:
            before, self.faults = self.faults, faults
        self._network_changed(before, faults)

    def update(self, **kw: float | bool) -> None:
        with self._lock:
            before = self.faults
            self.faults = replace(before, **kw)  # type: ignore[arg-type]
        self._network_changed(before, self.faults)

    def _network_changed(self, before: Faults, after: Faults) -> None:
        """A captive portal appearing or going is a network change: open connections die
        (RST), so the kiosk's next request opens a connection the new network answers."""
        loop = self._loop
        if (after.portal > 0) != (before.portal > 0) and loop is not None:
            loop.call_soon_threadsafe(self._reset_all)

    def _reset_all(self) -> None:
        for w in list(self._live):
            _rst(w)

    def _roll(self, p: float) -> bool:
        with self._lock:
            return p > 0 and self._rng.random() < p

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.counters[key] += n

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listen_port}"

    def start(self, timeout_s: float = 10.0) -> int:
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout_s) or self._error is not None:
            raise RuntimeError(f"fault proxy did not start: {self._error}")
        return self.listen_port

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the loop --------------------------------------------------------------------
    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported to start() or lost at shutdown
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, "127.0.0.1", self.listen_port)
        self.listen_port = int(server.sockets[0].getsockname()[1])
        self._ready.set()
        async with server:
            await self._stop.wait()
            server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._count("connections")
        f = self.faults
        if f.down or self._roll(f.drop):
            self._count("refused" if f.down else "dropped")
            _rst(writer)
            return
        if self._roll(f.portal):
            await self._portal(reader, writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1",
                                                                 self.upstream_port)
        except OSError:
            self._count("refused")
            _rst(writer)
            return
        ends = (writer, up_writer)
        self._live.add(writer)
        try:
            await asyncio.gather(self._pipe(reader, up_writer, ends, upstream=True),
                                 self._pipe(up_reader, writer, ends, upstream=False))
        finally:
            self._live.discard(writer)
        for w in ends:
            w.close()

    async def _portal(self, reader: asyncio.StreamReader,
                      writer: asyncio.StreamWriter) -> None:
        """Answer every request on this connection with the portal page (keep-alive)
        while the portal lasts; then the connection is reset like any other."""
        self._live.add(writer)
        try:
            while await read_request(reader):
                if self.faults.portal <= 0:
                    _rst(writer)
                    return
                self._count("requests")
                self._count("portal")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: " + str(len(PORTAL_PAGE)).encode() +
                             b"\r\n\r\n" + PORTAL_PAGE)
                await writer.drain()
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._live.discard(writer)
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter,
                    ends: tuple[asyncio.StreamWriter, ...], *, upstream: bool) -> None:
        try:
            while chunk := await src.read(65536):
                f = self.faults
                if f.down:
                    self._count("refused")
                    break
                if f.delay_s:
                    self._count("delayed_chunks")
                    await asyncio.sleep(f.delay_s)
                if upstream and chunk[:5] in (b"POST ", b"GET /"):
                    self._count("requests")
                cut = self._roll(f.partial if upstream else f.reset)
                if cut:
                    self._count("partial" if upstream else "reset")
                    dst.write(chunk[:max(1, len(chunk) // 2)])
                    with contextlib.suppress(OSError, ConnectionError):
                        await dst.drain()
                    break
                dst.write(chunk)
                await dst.drain()
            else:
                with contextlib.suppress(OSError, RuntimeError):
                    if dst.can_write_eof():
                        dst.write_eof()
                return
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            pass
        for w in ends:
            _rst(w)


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """One whole HTTP/1.1 request (head + body); b"" at a clean end of the connection.

    The body is read by ``Content-Length`` or, for ``Transfer-Encoding: chunked``, chunk
    by chunk up to the last (zero) chunk and its trailers.
    """
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return b""
        raise
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    body = b""
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass  # trailers
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    elif b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    return head + body

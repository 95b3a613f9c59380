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
- ``down``      the upstream is treated as gone: every connection is reset.

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
                         "partial": 0, "refused": 0, "delayed_chunks": 0}
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    # -- control (any thread) --------------------------------------------------------
    def set_faults(self, faults: Faults) -> None:
        with self._lock:
            self.faults = faults

    def update(self, **kw: float | bool) -> None:
        with self._lock:
            self.faults = replace(self.faults, **kw)  # type: ignore[arg-type]

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
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1",
                                                                 self.upstream_port)
        except OSError:
            self._count("refused")
            _rst(writer)
            return
        ends = (writer, up_writer)
        await asyncio.gather(self._pipe(reader, up_writer, ends, upstream=True),
                             self._pipe(up_reader, writer, ends, upstream=False))
        for w in ends:
            w.close()

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

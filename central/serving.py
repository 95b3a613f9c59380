"""Running the app under uvicorn with limits a public server needs.

uvicorn closes idle keep-alive connections, but it holds a connection that sends its
request headers slowly (or never) forever. ``HeaderTimeoutProtocol`` closes a connection
whose request line and headers are not complete ``HEADER_TIMEOUT_S`` after it opened or
after the first bytes of a later request arrived (idle keep-alive is uvicorn's own
timer); header size is bounded by h11 (``h11_max_incomplete_event_size``). Body time
and size are limited in the app (``central.http``, ``central.limits``). In production a
reverse proxy in front adds the same limits once more (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
MAX_HEADER_BYTES = 16 * 1024
#: longer than a kiosk's heartbeat interval (60 s), so its connection is reused
KEEP_ALIVE_S = 75


class HeaderTimeoutProtocol(H11Protocol):
    header_timeout_s = HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout_s, self._expire)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expire(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            self._arm()  # request line or headers still incomplete
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def config(app: Any, *, header_timeout_s: float = HEADER_TIMEOUT_S,
           **kwargs: Any) -> uvicorn.Config:
    """A uvicorn Config with the header timeout and size limit (``header_timeout_s`` is
    shorter in tests that hold a real socket open slowly)."""
    kwargs.setdefault("h11_max_incomplete_event_size", MAX_HEADER_BYTES)
    kwargs.setdefault("timeout_keep_alive", KEEP_ALIVE_S)
    protocol: type[HeaderTimeoutProtocol] = HeaderTimeoutProtocol
    if header_timeout_s != HEADER_TIMEOUT_S:
        protocol = type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,),
                        {"header_timeout_s": header_timeout_s})
    return uvicorn.Config(app, http=protocol, **kwargs)


class InProcessServer(uvicorn.Server):
    """uvicorn in a thread of this process (tests, the demo, the provider emulator) that
    stops as soon as it is told: ``stop()`` wakes the main loop at once instead of at its
    next 0.1 s tick, and shutdown drains connections and tasks at a 5 ms pace (bounded by
    ``timeout_graceful_shutdown``, then cancelled) instead of uvicorn's fixed 0.1 s sleeps.
    A test suite starts hundreds of servers; each saved ~0.2 s on its way out. Serving is
    uvicorn's own; only waiting differs. Lifespan events are not sent (``lifespan="off"``).
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    def stop(self) -> None:
        """Ask the server to exit (from any thread); ``run`` returns soon after."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already finished
                loop.call_soon_threadsafe(wake.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(self.config.timeout_graceful_shutdown or 0)
        state = self.server_state
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in list(state.tasks):
            task.cancel()
        for server in self.servers:
            await server.wait_closed()

"""Run the server in-process for tests and the demo.

``run_server(db)`` (an SQLite path, a PostgreSQL conninfo or an open Database) binds
127.0.0.1 on a free port *before* starting uvicorn (no port race), serves from a thread,
waits until it accepts requests, and on exit stops uvicorn, joins the thread and closes
the database::

    with run_server(tmp_path / "central.db") as (base_url, admin):
        secret = admin.add_kiosk("K0001")           # hex text
        ...  # HTTP to base_url; admin.app.state.intake etc. for white-box tests
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from central import serving
from central.admin import Admin
from central.app import MAX_BODY, create_app
from central.db import Database
from central.http import BODY_TIMEOUT_S


@contextlib.contextmanager
def run_server(db: str | Path | Database, *, clock: Callable[[], float] = time.time,
               host: str = "127.0.0.1", port: int = 0, max_body: int = MAX_BODY,
               poll_interval: float | None = None, start_timeout: float = 10.0,
               api_docs: bool = False, release_repo: str | Path | None = None,
               header_timeout_s: float = serving.HEADER_TIMEOUT_S,
               body_timeout_s: float = BODY_TIMEOUT_S) -> Iterator[tuple[str, Admin]]:
    """``poll_interval`` is accepted for older callers and unused: polls wake on events.
    ``header_timeout_s``/``body_timeout_s`` shorten the slow-client limits for tests."""
    del poll_interval
    app = create_app(db, clock=clock, max_body=max_body, api_docs=api_docs,
                     release_repo=release_repo, body_timeout_s=body_timeout_s)
    admin: Admin = app.state.admin
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = serving.config(app, host=host, port=bound_port, log_level="warning",
                            header_timeout_s=header_timeout_s,
                            lifespan="off", access_log=False, timeout_graceful_shutdown=1)
    server = serving.InProcessServer(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"central-{bound_port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("central server did not start")
            time.sleep(0.01)
        yield f"http://{host}:{bound_port}", admin
    finally:
        server.stop()
        thread.join(15)
        sock.close()
        app.state.board.close()
        app.state.db.close()

"""The release target and reports count only with the server's reply signature."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.update.errors import UpdateError
from kiosk.update.server import ReleaseServer
from offline_queue.auth import HmacAuth


class Portal(BaseHTTPRequestHandler):
    """A captive portal: 200 and plausible JSON for everything, no signature."""

    def _answer(self) -> None:
        body = b'{"version": "9.9.9", "halted": [], "ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def test_captive_portal_neither_names_a_release_nor_takes_a_report():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        server = ReleaseServer(f"http://127.0.0.1:{httpd.server_port}", "K0001",
                               HmacAuth("K0001", b"s" * 32))
        with pytest.raises(UpdateError, match="not signed"):
            server.target()
        assert server.report({"id": "r-0001-abcd"}) is False
    finally:
        httpd.shutdown()
        thread.join(5)

"""The fault proxy injects what it says, and the kiosk delivers exactly once through it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from lab.netfault import PORTAL_PAGE, FaultProxy, Faults
from lab.netfault_lab import netfault_run


class Echo(BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self) -> None:
        Echo.hits += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body) * 2))
        self.end_headers()
        self.wfile.write(body * 2)

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a request cut by the proxy on purpose


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    server = QuietServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with FaultProxy(server.server_address[1], seed=5) as p:
        yield p
    server.shutdown()
    server.server_close()
    thread.join(5)


def post(p: FaultProxy, body: bytes = b"x" * 20000) -> requests.Response:
    with requests.Session() as s:
        return s.post(p.url + "/v1/x", data=body, timeout=5)


def test_clean_proxy_passes_bytes_unchanged(proxy: FaultProxy) -> None:
    assert post(proxy, b"abc").content == b"abcabc"
    assert proxy.counters["requests"] == 1


@pytest.mark.parametrize(("faults", "counter"), [
    (Faults(drop=1.0), "dropped"), (Faults(reset=1.0), "reset"),
    (Faults(partial=1.0), "partial"), (Faults(down=True), "refused")])
def test_each_fault_breaks_the_exchange(proxy: FaultProxy, faults: Faults, counter: str) -> None:
    proxy.set_faults(faults)
    with pytest.raises(requests.RequestException):
        post(proxy)
    assert proxy.counters[counter] >= 1


def test_counters_name_every_fault(proxy: FaultProxy) -> None:
    """The netfault lab read ``counters["portal"]``: a KeyError before the key existed."""
    assert set(proxy.counters) >= {"dropped", "reset", "partial", "refused", "portal"}


@pytest.mark.parametrize("chunked", [False, True])
def test_captive_portal_reads_the_whole_request_and_answers_200(proxy: FaultProxy,
                                                                chunked: bool) -> None:
    """A portal 200 (not a reset): the whole upload is read first, nothing is forwarded."""
    before = Echo.hits
    proxy.set_faults(Faults(portal=1.0))
    body = b"y" * 300_000  # larger than any socket buffer: an early answer would reset
    with requests.Session() as s:
        for _ in range(2):  # keep-alive: the portal answers each request on the connection
            data = iter([body[:150_000], body[150_000:]]) if chunked else body
            resp = s.post(proxy.url + "/v1/records", data=data, timeout=5)
            assert resp.status_code == 200 and resp.content == PORTAL_PAGE
    assert proxy.counters["portal"] == 2 and Echo.hits == before
    proxy.set_faults(Faults())
    assert post(proxy, b"ok").content == b"okok"  # and the real server is still there


def test_portal_appearing_resets_open_connections(proxy: FaultProxy) -> None:
    """A kiosk on keep-alive would never meet the portal otherwise (a network change)."""
    with requests.Session() as s:
        assert s.post(proxy.url + "/v1/x", data=b"a", timeout=5).content == b"aa"
        proxy.set_faults(Faults(portal=1.0))
        # the kept-alive connection is gone; the session's next request meets the portal
        resp = s.post(proxy.url + "/v1/x", data=b"a", timeout=5)
        assert resp.content == PORTAL_PAGE and proxy.counters["portal"] == 1


def test_delay_slows_but_delivers(proxy: FaultProxy) -> None:
    proxy.set_faults(Faults(delay_s=0.05))
    assert post(proxy, b"ok").content == b"okok"
    assert proxy.counters["delayed_chunks"] >= 2


def test_kiosk_delivers_exactly_once_through_faults_and_a_server_restart(tmp_path) -> None:
    result = netfault_run(tmp_path, cycles=1, seed=2, phase_s=0.6, batch=3)
    assert result["failures"] == [], result
    assert result["delivered_exactly_once"] and result["duplicates_at_server"] == 0
    assert result["records_sent"] == result["records_delivered"] > 0
    assert sum(result["proxy"][k] for k in ("dropped", "reset", "partial", "refused")) > 0
    assert set(result["phases"]) >= {"drop", "reset", "partial", "portal", "server-restart"}
    assert result["proxy"]["portal"] > 0  # the kiosk met the portal and still delivered

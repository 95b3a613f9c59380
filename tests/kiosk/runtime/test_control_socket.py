"""The local control socket: one JSON line each way, off the caller's thread, 0600,
clear errors for bad requests, a stale socket from a crash replaced."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.runtime.control_socket import (
    ControlError,
    ControlServer,
    NotRunning,
    Refused,
    call,
    socket_path,
)


@pytest.fixture
def server(tmp_path):
    seen: list[str] = []

    def diagnostics(request):
        seen.append(threading.current_thread().name)
        return {"devices": {"printer": {"paper": "ok"}}, "asked": request.get("who")}

    def broken(_request):
        raise RuntimeError("printer not open")

    def login(_request):
        raise Refused("wrong name or PIN", kind="login", tries_left=4)

    srv = ControlServer(tmp_path, {"diagnostics": diagnostics, "broken": broken,
                                   "login": login})
    srv.start()
    srv.seen = seen  # type: ignore[attr-defined]
    yield srv
    srv.stop()


def test_a_call_is_answered_on_the_server_thread(server, tmp_path):
    reply = call(tmp_path, "diagnostics", who="cli")
    assert reply == {"devices": {"printer": {"paper": "ok"}}, "asked": "cli"}
    assert server.seen and server.seen[0] != threading.current_thread().name


def test_the_socket_is_private(server, tmp_path):
    mode = stat.S_IMODE(socket_path(tmp_path).stat().st_mode)
    assert mode & 0o077 == 0


def test_errors_are_clear(server, tmp_path):
    with pytest.raises(ControlError, match="printer not open"):
        call(tmp_path, "broken")
    with pytest.raises(ControlError, match="unknown op"):
        call(tmp_path, "format-disk")
    with socket.socket(socket.AF_UNIX) as raw:
        raw.connect(str(socket_path(tmp_path)))
        raw.sendall(b"not json\n")
        assert b"not JSON" in raw.recv(1000)


def test_a_refusal_carries_its_details(server, tmp_path):
    with pytest.raises(ControlError) as info:
        call(tmp_path, "login")
    assert not isinstance(info.value, NotRunning)  # a kiosk answered: no fallback
    assert str(info.value) == "wrong name or PIN"
    assert info.value.reply == {"ok": False, "error": "wrong name or PIN", "kind": "login",
                                "tries_left": 4}


def test_no_kiosk_running_is_a_control_error(tmp_path):
    with pytest.raises(NotRunning, match="no running kiosk"):
        call(tmp_path, "diagnostics")
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(socket_path(tmp_path)))
    stale.close()  # a killed kiosk's socket file: nobody listens
    with pytest.raises(NotRunning, match="nothing answers"):
        call(tmp_path, "diagnostics")


def test_a_stale_socket_is_replaced_and_a_live_one_refused(tmp_path):
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(socket_path(tmp_path)))
    stale.close()  # a crashed kiosk's leftover: the file exists, nobody listens
    first = ControlServer(tmp_path, {"ping": lambda _r: {"pong": 1}})
    first.start()
    try:
        assert call(tmp_path, "ping") == {"pong": 1}
        with pytest.raises(ControlError, match="another kiosk"):
            ControlServer(tmp_path, {}).start()
    finally:
        first.stop()
    assert not socket_path(tmp_path).exists()


def _as_nobody(answer: Callable[[], str]) -> str:
    """Run ``answer`` in a child process as uid 65534; its text comes back on a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, ask, report, exit without cleanup
        code = 0
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            text = answer()
        except BaseException as exc:
            text, code = f"child failed: {exc!r}", 1
        os.write(write, text.encode())
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(pid, 0)
    return text


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_another_user_is_refused():
    """0600 keeps other users out; SO_PEERCRED refuses them even if the mode were wider."""
    where = Path(tempfile.mkdtemp(prefix="ctl-"))  # pytest's tmp is closed to others
    where.chmod(0o755)
    ran: list[str] = []
    srv = ControlServer(where, {"diagnostics": lambda _r: ran.append("x") or {}})
    srv.start()

    def ask() -> str:
        try:
            call(where, "diagnostics")
        except ControlError as exc:
            return str(exc)
        return "answered"

    try:
        assert "not allowed to ask the running kiosk" in _as_nobody(ask)
        socket_path(where).chmod(0o666)  # someone widened the mode: the uid still decides
        assert _as_nobody(ask) == "permission denied"
    finally:
        srv.stop()
        shutil.rmtree(where)
    assert ran == []  # no handler ran for either


def test_a_refusal_sent_before_the_request_was_read_still_reaches_the_caller(tmp_path):
    """The kiosk answers "permission denied" and closes without reading; a request that
    is still being sent then fails with EPIPE. Before: the caller reported "did not
    answer: Broken pipe" (seen in CI) instead of the kiosk's refusal."""
    path = socket_path(tmp_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def refuse_unread() -> None:
        conn, _ = listener.accept()
        conn.sendall(b'{"ok": false, "error": "permission denied"}\n')
        conn.close()

    t = threading.Thread(target=refuse_unread, daemon=True)
    t.start()
    try:
        with pytest.raises(ControlError, match="permission denied"):
            call(tmp_path, "diagnostics", pad="x" * (8 * 1024 * 1024))  # > any socket buffer
    finally:
        t.join(10)
        listener.close()

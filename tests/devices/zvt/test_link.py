"""ZVT link layer over a raw pty: ACK/NAK, retries, T3 timeout, unplug."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty

import pytest

from devices.zvt.codec import frame
from devices.zvt.link import LinkLost, LinkTimeout, ZvtLink, describe

ACK80 = bytes.fromhex("80 00 00")


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    yield master, path
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


@pytest.fixture
def link(pty_pair):
    lk = ZvtLink(pty_pair[1], ack_timeout=0.2, retries=2)
    lk.open()
    yield lk
    lk.close()


def _read(master: int, timeout: float = 1.0, want: int = 1) -> bytes:
    """What the link wrote: at least ``want`` bytes (the link writes its NAK and its ACK
    separately, so under load one read can see only the first), or what came in time."""
    got = b""
    deadline = time.monotonic() + timeout
    while len(got) < want:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        got += os.read(master, 4096)
    return got


def test_nak_then_ack_retries(link, pty_pair):
    master = pty_pair[0]

    def peer() -> None:
        got = b""
        while got.count(b"\x10\x03") < 1:
            got += _read(master)
        os.write(master, b"\x15")  # NAK the first copy
        while got.count(b"\x10\x03") < 2:
            got += _read(master)
        os.write(master, b"\x06")

    t = threading.Thread(target=peer)
    t.start()
    link.send(ACK80)
    t.join(5)
    assert link.counters["retries"] == 1 and link.counters["nak_received"] == 1


def test_silent_peer_times_out_after_retries(link, pty_pair):
    with pytest.raises(LinkTimeout):
        link.send(ACK80)
    sent = _read(pty_pair[0])
    assert sent.count(frame(ACK80)) == 3  # first try + 2 retries


def test_receive_acks_good_and_naks_bad_frames(link, pty_pair):
    master = pty_pair[0]
    bad = bytearray(frame(ACK80))
    bad[-1] ^= 0xFF
    os.write(master, bytes(bad) + frame(bytes.fromhex("04 FF 01 0A")))
    apdu = link.receive(1.0)
    assert apdu is not None and apdu.command == (0x04, 0xFF) and apdu.data == b"\x0a"
    assert _read(master, want=2) == b"\x15\x06"
    assert link.receive(0.05) is None


def test_unplug_raises_link_lost(link, pty_pair):
    os.close(pty_pair[0])
    with pytest.raises(LinkLost):
        link.receive(0.5)


def test_describe_never_shows_pan_or_password():
    status = bytes.fromhex("04 0F 10 27 00 22 F0 F8 4111111111111111 87 0001")
    assert "4111" not in describe(status) and "87 00 01" in describe(status)
    assert describe(bytes.fromhex("06 00 06 123456 8E 0156")) == "06 00 len=6 [6 bytes redacted]"

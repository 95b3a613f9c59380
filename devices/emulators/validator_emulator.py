"""The bill-validator model both protocol emulators share, and its control surface.

The model is protocol-free: a bill table of values (minor units), what is enabled, the
note in escrow, faults (jam, cassette out/full, failure), power state, and two queues:
``transient`` states shown for one poll (accepting, stacking, ...) and ``events`` that
repeat until the host acknowledges them (CCNET 81/82, ID-003 VEND VALID). A subclass maps
the model to its wire states and frames.

Escrow timeout: a real validator does not hold a note forever. A note left in escrow
with no STACK/RETURN is returned by the device itself after ``escrow_timeout_s`` (CCNET:
STACK or RETURN is expected within about 10 s of the escrow report, HOLD extends by 10 s;
SSP: auto-reject after about 10 s; ID-003: model-dependent, modelled the same). The
serving thread checks the timer whether or not the host polls, like the device's own.

Hostile, like real hardware (issue 14), each switchable from a test or the crash lab:

- ``stack_time_s``: STACK moves the note into transport; the unit shows "stacking" for
  that long before the stacked report (longer than the kiosk's escrow timeout if wished);
- ``lose_acks(n)``: the next ``n`` host ACKs are lost on the line (the report repeats);
- ``set_silent``: the link drops (no answers), e.g. while a note is stacking;
- ``unplug`` / ``plug``: the cable is out (the port path disappears) and back, e.g. at a
  kiosk restart; the device's state survives (it has its own power);
- ``power_cycle``: power lost with a note in escrow (it powers up "bill in validator")
  or in transport (it powers up "bill in stacker");
- RESET ejects notes waiting at the entry (``notes_returned``), as the acceptor does.

Control methods are called from any thread (tests, the CLI's stdin loop); the serving
thread reads the pty master. Counters (``notes_stacked`` ...) are what a test or a crash
harness reconciles against the kiosk's journal; ``notes_stacked`` grows when a note
reaches the cassette (the end of transport), not when STACK is received.
"""

from __future__ import annotations

import collections
import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.emulators.pty import Pty

#: Default bill table: 1, 5, 10, 20, 50, 100 yuan in fen.
CNY_NOTES = (100, 500, 1000, 2000, 5000, 10000)


@dataclass
class Model:
    enabled: set[int] = field(default_factory=set)  # indexes into the bill table
    inhibited: bool = True
    escrow: int | None = None  # bill table index
    escrow_since: float = 0.0  # when the note reached escrow (or the last HOLD)
    transport: tuple[int, float] | None = None  # (bill index, reaches the cassette at)
    jam: str | None = None  # "validator" | "cassette"
    cassette_in: bool = True
    cassette_full: bool = False
    failure: int | None = None
    power_up: str | None = "plain"  # None once reset; "plain" | "validator" | "stacker"
    initialising: bool = False
    transient: collections.deque[tuple[str, int]] = field(default_factory=collections.deque)
    events: collections.deque[tuple[str, int]] = field(default_factory=collections.deque)


class ValidatorEmulator:
    """Serving thread + model; subclasses implement ``_frames`` and ``_answer``."""

    name = "validator"
    escrow_timeout_s = 10.0

    def __init__(self, bill_table: tuple[int, ...] = CNY_NOTES,
                 clock: Callable[[], float] = time.monotonic, link: str | None = None) -> None:
        self.bill_table = tuple(bill_table)
        self.clock = clock
        self.link = link  # a stable name (symlink) for the port, like a udev rule's
        self.model = Model()
        self.lock = threading.RLock()
        self.silent = False
        self.stack_time_s = 0.0
        self._acks_to_lose = 0
        self.acks_lost = 0
        self.delay_s = 0.0
        self._corrupt_next = False
        self._pty: Pty | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._buffer = bytearray()
        self.notes_inserted: list[int] = []
        self._entry: collections.deque[int] = collections.deque()  # notes held at the slot
        self._entry_tags: collections.deque[object] = collections.deque()
        self._tag: object = None  # whose note is in the bill path (escrow, transport)
        #: (value, tag) of every note that reached the cassette: ``tag`` is what the
        #: inserting hand said (the crash lab: the customer's transaction), so a harness
        #: can attribute each physical note to the customer it was inserted for.
        self.stacked_tags: list[tuple[int, object]] = []
        self.notes_stacked: list[int] = []
        self.notes_returned: list[int] = []
        self.notes_rejected: list[int] = []
        self.notes_taken_back: list[int] = []  # pulled from the entry by their customer
        self.cassette: list[int] = []
        self.frames_received = 0
        self.bad_frames_received = 0
        self.commands: list[int] = []

    # -- lifecycle -------------------------------------------------------------------
    def start(self, plugged: bool = True) -> str:
        """Serve a pty; returns the path for the driver (``link`` if set).

        ``plugged=False`` starts with the cable out: the path does not exist until
        ``plug()`` (a validator unplugged while the kiosk restarts).
        """
        self._stop.clear()
        if plugged:
            self.plug()
        self._thread = threading.Thread(target=self._serve, name=f"{self.name}-emulator",
                                        daemon=True)
        self._thread.start()
        return self.link or self.path

    @property
    def path(self) -> str:
        pty = self._pty
        return pty.path if pty else ""

    def plug(self) -> None:
        """Cable in: a new pty (and the stable ``link`` pointing at it)."""
        with self.lock:
            if self._pty is not None:
                return
            pty = Pty()
            if self.link:
                tmp = self.link + ".new"
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                os.symlink(pty.path, tmp)
                os.replace(tmp, self.link)
            self._buffer.clear()
            self._pty = pty

    def unplug(self) -> None:
        """Cable out: the port disappears; reads and writes on it fail. State survives."""
        with self.lock:
            pty, self._pty = self._pty, None
            if self.link:
                with contextlib.suppress(OSError):
                    os.unlink(self.link)
        if pty is not None:
            pty.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.unplug()

    def __enter__(self) -> ValidatorEmulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- control surface ---------------------------------------------------------------
    def insert_note(self, value: int, tag: object = None) -> None:
        """A customer inserts a note of ``value`` minor units (``tag``: whose, see
        ``stacked_tags``).

        While the unit is busy (``busy``) the note waits at the entry and is drawn in
        once the unit idles, or refused then if the host has inhibited it meanwhile.
        """
        with self.lock:
            self.notes_inserted.append(value)
            if self.busy():
                self._entry.append(value)
                self._entry_tags.append(tag)
                return
            self._take(value, tag)

    def _take(self, value: int, tag: object = None) -> None:
        m = self.model
        self._tag = tag
        index = self.bill_table.index(value) if value in self.bill_table else None
        if m.power_up or m.jam or m.failure or not m.cassette_in or m.cassette_full:
            self.notes_returned.append(value)
            return
        if index is None or m.inhibited or index not in m.enabled:
            self.notes_rejected.append(value)
            reason = "unknown" if index is None else "inhibit"
            m.transient.extend([("accepting", 0), ("rejecting", self._reason(reason))])
            return
        m.transient.append(("accepting", 0))
        m.escrow = index
        m.escrow_since = self.clock()

    def draw_in(self) -> None:
        """Take a note waiting at the entry once the unit idles (the serving loop)."""
        with self.lock:
            while self._entry and not self.busy():
                self._take(self._entry.popleft(), self._entry_tags.popleft())

    def take_back_entry(self, keep_tag: object = None) -> list[int]:
        """The customer at the slot takes back the notes still waiting at the entry
        (all of them, or all but those tagged ``keep_tag``: the current customer's).

        Why: a note waiting at the entry was never drawn in; it is still in the hand of
        the customer who pushed it (the crash lab: a customer whose kiosk life or whose
        session ended). Left there, it would be drawn in later for whoever pays next.
        """
        with self.lock:
            kept = [(v, t) for v, t in zip(self._entry, self._entry_tags, strict=True)
                    if keep_tag is not None and t == keep_tag]
            back = [v for v, t in zip(self._entry, self._entry_tags, strict=True)
                    if not (keep_tag is not None and t == keep_tag)]
            self._entry.clear()
            self._entry_tags.clear()
            for v, t in kept:
                self._entry.append(v)
                self._entry_tags.append(t)
            self.notes_taken_back.extend(back)
            return back

    def lose_acks(self, count: int = 1) -> None:
        """The next ``count`` host ACKs never reach the device (noise on the line)."""
        with self.lock:
            self._acks_to_lose += count

    def ack_arrives(self) -> bool:
        """Protocol subclasses call this on a host ACK: False if it was lost."""
        if self._acks_to_lose > 0:
            self._acks_to_lose -= 1
            self.acks_lost += 1
            return False
        return True

    def busy(self) -> bool:
        """A note is in the bill path or its report is not yet through to the host.

        Why a note inserted now is not taken at once: the acceptor draws a note in only
        when the unit idles; while the previous note is held, stacked or returned and its
        reports (accepting, stacking, VEND VALID / 81, stacked) are still being shown, a
        new note waits at the entry.
        """
        with self.lock:
            m = self.model
            return m.escrow is not None or m.transport is not None or bool(m.transient) \
                or bool(m.events)

    def hold(self) -> bool:
        """The host's HOLD: keep the note in escrow for another timeout period."""
        with self.lock:
            if self.model.escrow is None:
                return False
            self.model.escrow_since = self.clock()
            return True

    def expire_escrow(self) -> bool:
        """Return a note held in escrow past the timeout (the device's own timer)."""
        with self.lock:
            m = self.model
            if m.escrow is None or self.clock() - m.escrow_since < self.escrow_timeout_s:
                return False
            return self.return_note()

    def jam(self, where: str = "validator") -> None:
        with self.lock:
            self.model.jam = where

    def clear_jam(self) -> None:
        with self.lock:
            self.model.jam = None

    def remove_cassette(self) -> None:
        """Cassette taken out (a collection empties it)."""
        with self.lock:
            self.model.cassette_in = False
            self.model.cassette_full = False
            self.cassette = []

    def insert_cassette(self) -> None:
        with self.lock:
            self.model.cassette_in = True

    def cassette_full(self) -> None:
        with self.lock:
            self.model.cassette_full = True

    def fail(self, code: int) -> None:
        with self.lock:
            self.model.failure = code

    def clear_failure(self) -> None:
        with self.lock:
            self.model.failure = None

    def power_cycle(self, note_in: str | None = None) -> None:
        """Power lost and back with the note in the bill path where it was.

        ``note_in`` forces where the note ended up ("validator" or "stacker"); by default
        a note in escrow is still in the validator and a note in transport reached the
        stacker (the device powers up reporting it; RESET settles it).
        """
        with self.lock:
            m = self.model
            note = m.escrow if m.escrow is not None else \
                (m.transport[0] if m.transport else None)
            if note_in is None and note is not None:
                note_in = "validator" if m.escrow is not None else "stacker"
            self.model = Model(cassette_in=m.cassette_in, cassette_full=m.cassette_full)
            self.model.power_up = note_in or "plain"
            self._pending_note = note if note_in else None
            self._buffer.clear()

    def set_silent(self, silent: bool) -> None:
        with self.lock:
            self.silent = silent

    def corrupt_next(self) -> None:
        with self.lock:
            self._corrupt_next = True

    def set_delay(self, seconds: float) -> None:
        with self.lock:
            self.delay_s = seconds

    def counters(self) -> dict[str, object]:
        with self.lock:
            return {"inserted": list(self.notes_inserted), "stacked": list(self.notes_stacked),
                    "returned": list(self.notes_returned),
                    "rejected": list(self.notes_rejected), "cassette": list(self.cassette),
                    "bad_frames": self.bad_frames_received}

    # -- model transitions used by the protocol subclasses ------------------------------
    _pending_note: int | None = None

    def reset(self) -> None:
        """The host's RESET: a note left in the acceptor at power-up goes back out, and so
        does a note in escrow or waiting at the entry; a note in transport finishes."""
        with self.lock:
            m = self.model
            self.notes_returned.extend(self._entry)
            self._entry.clear()
            self._entry_tags.clear()
            if m.transport is not None:
                value = self.bill_table[m.transport[0]]
                self.notes_stacked.append(value)
                self.stacked_tags.append((value, self._tag))
                self.cassette.append(value)
            if self._pending_note is not None:
                value = self.bill_table[self._pending_note]
                if m.power_up == "stacker":
                    self.notes_stacked.append(value)
                    self.stacked_tags.append((value, self._tag))
                    self.cassette.append(value)
                else:
                    self.notes_returned.append(value)
            elif m.escrow is not None:
                self.notes_returned.append(self.bill_table[m.escrow])
            self._pending_note = None
            self.model = Model(cassette_in=m.cassette_in, cassette_full=m.cassette_full,
                               jam=m.jam, failure=m.failure, power_up=None, initialising=True)

    def stack(self) -> bool:
        with self.lock:
            m = self.model
            if m.escrow is None:
                return False
            if self.stack_time_s > 0:
                m.transport = (m.escrow, self.clock() + self.stack_time_s)
                m.escrow = None
                return True
            self._stacked(m.escrow)
            m.transient.append(("stacking", m.escrow))
            m.escrow = None
            return True

    def _stacked(self, index: int) -> None:
        value = self.bill_table[index]
        self.notes_stacked.append(value)
        self.stacked_tags.append((value, self._tag))
        self.cassette.append(value)
        self.model.events.append(("stacked", index))

    def advance(self) -> None:
        """The note in transport reaches the cassette once its stacking time is over."""
        with self.lock:
            m = self.model
            if m.transport is not None and self.clock() >= m.transport[1]:
                index, m.transport = m.transport[0], None
                self._stacked(index)

    def return_note(self) -> bool:
        with self.lock:
            m = self.model
            if m.escrow is None:
                return False
            self.notes_returned.append(self.bill_table[m.escrow])
            m.transient.append(("returning", m.escrow))
            m.events.append(("returned", m.escrow))
            m.escrow = None
            return True

    def _reason(self, kind: str) -> int:
        raise NotImplementedError

    # -- serving -------------------------------------------------------------------
    def _frames(self, buffer: bytearray) -> list[bytes | None]:
        """Cut complete frames out of ``buffer`` (None marks a frame with a bad CRC)."""
        raise NotImplementedError

    def _answer(self, frame: bytes | None) -> bytes | None:
        """The reply frame for one received frame (None: stay quiet)."""
        raise NotImplementedError

    def _serve(self) -> None:
        while not self._stop.is_set():
            pty = self._pty
            if pty is None:  # unplugged: the device runs on, nobody can talk to it
                self.expire_escrow()
                self.advance()
                self._stop.wait(0.05)
                continue
            data = pty.read(0.05)
            self.expire_escrow()
            self.advance()
            self.draw_in()
            if not data:
                continue
            with self.lock:
                if self.silent:
                    self._buffer.clear()
                    continue
                self._buffer.extend(data)
                frames = self._frames(self._buffer)
            for frame in frames:
                with self.lock:
                    self.frames_received += 1
                    if frame is None:
                        self.bad_frames_received += 1
                    reply = self._answer(frame)
                    delay, corrupt = self.delay_s, self._corrupt_next
                    if reply is not None and corrupt:
                        self._corrupt_next = False
                        reply = reply[:-1] + bytes((reply[-1] ^ 0x5A,))
                self.draw_in()
                if reply is None:
                    continue
                if delay:
                    time.sleep(delay)  # the emulated device is slow: that is the behaviour
                pty.write(reply)

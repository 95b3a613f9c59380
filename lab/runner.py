"""The headless kiosk worker: real ``KioskCore`` + driver + sync, driven by a seeded RNG.

Run by the lab as ``python -m lab.runner ...`` (one process per life of the kiosk,
so it can be SIGKILLed and restarted on the same data directory). The customer's hand is
in the parent: the worker prints ``{"insert": 5000}`` on stdout and the parent puts the
note into the emulator it owns; the emulator's counters are the ground truth.

Stdout carries one JSON object per line: ``ready`` (after recovery), ``insert``,
``session`` (one per finished session, with timings), ``killing`` (the kill point that
is about to fire) and ``done`` (final figures). Logs go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import queue
import random
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from devices.factory import open_bill_validator
from kiosk.config import Config, load
from kiosk.errors import ValidationError
from kiosk.ledger.states import JournalKind
from kiosk.payment.core import KioskCore
from kiosk.payment.session import SessionEvent
from kiosk.remote.server_client import ServerClient
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from lab.killpoints import POINTS, KillSwitch, install
from lab.probe import process_figures
from offline_queue import HmacAuth, Store, SyncWorker

#: Real protocol, fast clock: the emulator answers in microseconds, so poll often.
FAST_TIMING: dict[str, float] = {"poll_interval_s": 0.01, "response_timeout_s": 0.15, "retries": 3,
               "reconnect_initial_s": 0.05, "reconnect_max_s": 0.5, "init_timeout_s": 3.0}
_out_lock = threading.Lock()


def say(**obj: Any) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def make_config(kiosk_id: str, data: Path, url: str, *,
                escrow_s: float | None = None) -> Config:
    base = load(None, env={})
    values = json.loads(json.dumps(dict(base.values)))
    values.update(kiosk_id=kiosk_id, data_dir=str(data))
    values["server"]["url"] = url
    if escrow_s is not None:  # the crash lab: stacking slower than the escrow timeout
        values["timeouts"]["escrow_s"] = escrow_s
    return Config(values, "lab")


def start_topup(core: Any, rng: random.Random, amount: int | None,
                tries: int = 5) -> Any:
    """Open a top-up the way a customer does: a number the kiosk refuses (for example one
    the server says cannot be topped up) is answered by typing another one."""
    for attempt in range(tries):
        msisdn = "138" + "".join(rng.choice("0123456789") for _ in range(8))
        try:
            return core.start_topup(msisdn, amount)
        except ValidationError:
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


class Worker:
    @staticmethod
    def _end(core: Any, s: Any, how: str) -> None:
        """End the session as the customer would: with cash in, cancel and a short finish
        ask to choose; the lab's customer keeps a cancel as a voucher and completes a
        short finish with what was inserted when the session allows it."""
        answer = core.cancel() if how == "cancel" else core.finish()
        if answer != "choose" or s.ended.is_set():
            return
        try:
            if how == "finish" and "complete_with_paid" in s.choices():
                core.complete_with_paid()
            else:
                core.keep_as_voucher()
        except Exception:  # a note in transport: the session's timeout ends it
            pass

    def __init__(self, args: argparse.Namespace) -> None:
        data = Path(args.data)
        self.args = args
        self.rng = random.Random(args.seed)
        kid = args.kiosk_id
        self.store = Store(data / "kiosk.db")
        secret = bytes.fromhex((data / "secret").read_text().strip())
        auth = HmacAuth(kid, secret)
        self.validator = open_bill_validator(args.protocol, args.port, currency_hint="CNY",
                                             **FAST_TIMING)
        server = ServerClient(args.url, auth, kiosk_id=kid, connect_timeout=1.0,
                              read_timeout=3.0)
        config = make_config(kid, data, args.url, escrow_s=args.escrow_s)
        self.core = KioskCore(config, self.store, validator=self.validator, server=server,
                              rng=random.Random(self.rng.random()),
                              escrow_settle_s=float(config.get("timeouts.escrow_settle_s")),
                              secret=secret)  # keys its vouchers as the server expects
        if args.disk_fault:  # the first stacked commit(s) of this life hit a full disk
            self.store.commit_faults.fail("disk_full", journal_kind=JournalKind.NOTE_STACKED,
                                          times=args.disk_fault)
        switch = KillSwitch(args.kill_point, args.kill_at, lambda p: say(killing=p))
        session = install(switch, self.core.ledger)
        self.sync = SyncWorker(self.store, args.url, auth, kiosk_id=kid, batch_size=args.batch,
                               connect_timeout=1.0, read_timeout=3.0, backoff_base=0.05,
                               backoff_cap=0.5, idle_interval=0.5, session=session,
                               rng=random.Random(self.rng.random()))
        self.core.sync = self.sync
        self.settlement = Settlement(self.store, SigningKey.load_or_create(data), kiosk_id=kid,
                                     currency="CNY", clock=time.time)
        self.events: queue.Queue[SessionEvent] = queue.Queue()
        self.core.add_observer(self.events.put)
        self.durations: list[float] = []
        self.device_times: list[float] = []

    def run(self) -> int:
        self.validator.start()
        report = self.core.start(device_wait_s=5.0)
        self.core.start_ticker(interval_s=0.05)  # session timeouts (escrow) really fire
        self.sync.start()
        self.core.refresh_catalog()
        start = process_figures(self.store.path)
        say(ready={"resolved": len(report.outcomes), "flags": report.flags,
                   "online": self.core.online})
        stop_file = Path(self.args.stop_file) if self.args.stop_file else None
        for i in range(self.args.sessions):
            if stop_file is not None and stop_file.exists():
                break
            self.session(i)
            if self.args.probe_every and (i + 1) % self.args.probe_every == 0:
                say(probe=process_figures(self.store.path), i=i + 1)
            every = self.args.settle_every
            if every and (i + 1) % every == 0:
                self.settlement.close("manual")
                self.sync.kick()
        if self.args.drain:  # a clean stop lets a note still in transport reach its owner
            deadline, pause = time.monotonic() + 15.0, threading.Event()
            while self.core.note_pending is not None and time.monotonic() < deadline:
                pause.wait(0.05)  # the device's report arrives on the driver thread
        drained = self.drain() if self.args.drain else None
        if self.args.drain and self.args.settle:
            self.settlement.close("manual")
            drained = self.drain()
        end = process_figures(self.store.path)
        say(done={"sessions": len(self.durations), "drained": drained,
                  "drained_at": time.time(),
                  "chain_ok": self.store.verify_chain(), "start": start, "end": end,
                  "durations": self.durations, "device_times": self.device_times})
        self.sync.stop()
        self.core.close()
        self.validator.close()
        self.store.close()
        return 0

    def drain(self) -> bool:
        """Sync until the outbox is empty (or the deadline): the server holds everything."""
        deadline = time.monotonic() + self.args.drain_timeout
        done = threading.Event()
        self.sync.add_listener(lambda st: done.set() if st.pending == 0 else None)
        while time.monotonic() < deadline:
            if self.store.status().pending == 0:
                return True
            self.sync.kick()
            done.wait(0.2)
            done.clear()
        return self.store.status().pending == 0

    def _wait(self, kinds: tuple[str, ...], timeout: float) -> SessionEvent | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                ev = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if ev.kind in kinds:
                return ev
        return None

    def session(self, index: int) -> None:
        """One customer: a top-up paid in cash, sometimes cancelled half-way."""
        rng, core = self.rng, self.core
        amount = rng.choice([None, None, 3000, 5000, 10000])
        t0 = time.perf_counter()
        device = 0.0
        s = start_topup(core, rng, amount)
        notes_wanted = rng.randint(1, 3) if amount is None else 99
        cancel_after = rng.randint(0, 2) if rng.random() < 0.1 else None
        try:
            core.pay_cash()
        except Exception:  # cash not available now (offline limits): end the session
            self._end(core, s, "cancel")
        inserted = 0
        while not s.ended.is_set() and inserted < notes_wanted:
            if cancel_after is not None and inserted >= cancel_after:
                break
            fits = [d for d in self.validator.denominations() if d <= s.room]
            if not fits:
                break
            value = rng.choice(fits[-3:]) if rng.random() < 0.95 else \
                rng.choice(self.validator.denominations())
            while not self.events.empty():
                self.events.get_nowait()
            t1 = time.perf_counter()
            say(insert=value, txn=s.txn_id)  # whose note: the lab attributes it
            ev = self._wait(("paid", "note_returned", "note_rejected", "ended"), 3.0)
            if ev is not None and ev.kind == "note_returned" \
                    and ev.detail.get("reason") != "returned by device":
                # RETURN was decided; the device's report of the same note follows: wait
                # for it, or it would pass for the outcome of the next note.
                self._wait(("note_returned", "ended"), 1.0)
            device += time.perf_counter() - t1
            inserted += 1
            if ev is None or ev.kind == "ended":
                break
        if not s.ended.is_set():
            self._end(core, s, "cancel" if cancel_after is not None else "finish")
        s.ended.wait(10.0)
        total = time.perf_counter() - t0
        self.durations.append(round(total, 6))
        self.device_times.append(round(device, 6))
        out = s.outcome
        say(session={"i": index, "status": out.status if out else None,
                     "cash": out.cash if out else 0, "s": round(total, 4)})


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lab.runner",
                                description="Headless kiosk worker driven by a seeded RNG.")
    p.add_argument("--data", required=True, help="data dir holding secret + kiosk.db")
    p.add_argument("--port", required=True, help="bill validator port (emulator pty)")
    p.add_argument("--protocol", default="ccnet", choices=("ccnet", "id003"))
    p.add_argument("--url", required=True, help="central server (or fault proxy) URL")
    p.add_argument("--kiosk-id", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sessions", type=int, default=5)
    p.add_argument("--settle-every", type=int, default=0, help="close a batch every N sessions")
    p.add_argument("--settle", action="store_true", help="close a batch after draining")
    p.add_argument("--drain", action="store_true", help="sync until the outbox is empty")
    p.add_argument("--drain-timeout", type=float, default=60.0)
    p.add_argument("--batch", type=int, default=100, help="sync batch size")
    p.add_argument("--escrow-s", type=float, help="override timeouts.escrow_s")
    p.add_argument("--disk-fault", type=int, default=0,
                   help="fail this many stacked-note commits (disk full) in this life")
    p.add_argument("--kill-point", choices=POINTS)
    p.add_argument("--kill-at", type=int, default=0, help="kill on this hit of the point")
    p.add_argument("--stop-file", help="start no new session once this file exists")
    p.add_argument("--probe-every", type=int, default=0,
                   help="print process figures every N sessions (soak)")
    p.add_argument("--log-level", default="WARNING")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s %(threadName)s %(name)s %(levelname)s %(message)s")
    return Worker(args).run()


if __name__ == "__main__":
    raise SystemExit(main())

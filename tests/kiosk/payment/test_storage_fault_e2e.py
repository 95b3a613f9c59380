"""Issue 14, class 4: a storage fault (disk full, I/O error) on the stacked commit.

Real pty emulator (CCNET and ID-003), real driver, real ``KioskCore`` and store. The
fault is injected at the commit that journals ``note_stacked`` (or at every commit, a
disk that stays full): the driver must not ACK (the device keeps its report), cash goes
out of service with the reason, the session ends in a defined state, and after a
restart on the same data the device's repeated report credits the note to its own
customer, exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.id003 import Id003Emulator
from devices.emulators.validator_emulator import ValidatorEmulator
from devices.factory import open_bill_validator
from kiosk.config import load
from kiosk.payment.core import KioskCore
from offline_queue import Store
from tests.support.fakes import FakeClock

FAST = {"poll_interval_s": 0.02, "response_timeout_s": 0.08, "retries": 2,
        "reconnect_initial_s": 0.05, "reconnect_max_s": 0.2, "init_timeout_s": 2.0}
EMULATORS: dict[str, type[ValidatorEmulator]] = {"ccnet": CcnetEmulator, "id003": Id003Emulator}
A = "13800138000"


def until(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)  # watching a device thread's progress with a deadline


class Life:
    """One life of the kiosk process on ``data``: store, driver, core."""

    def __init__(self, data: Path, emu: ValidatorEmulator, protocol: str,
                 clock: FakeClock) -> None:
        self.store = Store(data / "kiosk.db")
        self.driver: Any = open_bill_validator(protocol, emu.path, **FAST)
        self.core = KioskCore(load(None, env={}), self.store, validator=self.driver,
                              wall_clock=time.time, clock=clock, run_async=lambda fn: fn())
        self.driver.start()
        self.report = self.core.start(device_wait_s=5.0, settle_s=1.0)

    def close(self) -> None:
        """As a SIGKILL would leave it: nothing more is ACKed or committed."""
        self.driver.close()
        self.store.close()


@pytest.mark.parametrize("protocol", ["ccnet", "id003"])
@pytest.mark.parametrize("scope", ["stacked_commit", "every_commit"])
def test_storage_fault_on_the_stacked_commit_is_not_acked_and_recovers(
        tmp_path: Path, protocol: str, scope: str) -> None:
    emu = EMULATORS[protocol]()
    emu.start()
    clock = FakeClock()
    life = Life(tmp_path, emu, protocol, clock)
    try:
        core, store = life.core, life.store
        s = core.start_topup(A, None)
        core.pay_cash()
        until(lambda: bool(emu.model.enabled) and not emu.model.inhibited)
        if scope == "stacked_commit":
            store.commit_faults.fail("disk_full", journal_kind="note_stacked", times=None)
        else:  # the escrow and STACK commits succeed, then the disk fails for good
            record_stack = core.ledger.record_stack

            def stack_then_fail(note_id: int) -> None:
                record_stack(note_id)
                store.commit_faults.fail("io_error", times=None)

            core.ledger.record_stack = stack_then_fail  # type: ignore[method-assign]
        emu.insert_note(5000)
        until(lambda: emu.notes_stacked == [5000])
        until(lambda: life.driver.record_fault is not None)
        until(lambda: s.ended.is_set())
        polls = life.driver.counters.frames_sent
        until(lambda: life.driver.counters.frames_sent > polls + 10)
        # not ACKed: the device still holds its report, and takes no further notes
        with emu.lock:
            assert emu.model.events and emu.model.events[0][0] == "stacked"
        av = core.availability()
        assert not av.cash and "storage fault" in str(av.cash_reason)
        assert s.paid == 0  # the session never showed money it could not record
    finally:
        life.close()
    # the operator frees the disk; the kiosk restarts on the same data
    life = Life(tmp_path, emu, protocol, clock)
    try:
        until(lambda: not emu.model.events)  # the repeated report was recorded, then ACKed
        store = life.store
        finals = [e.payload for e in store.journal_entries() if e.kind == "txn_final"]
        txn = str(s.txn_id)
        credits = {f["transaction_id"]: int(f["cash"]) for f in finals}
        late = life.core.ledger.late_credits(txn)
        mine = credits.get(txn, 0) + sum(int(r["total"]) for r in late)
        assert mine == 5000 and sum(credits.values()) == sum(emu.notes_stacked) == 5000
        assert store.query("SELECT COUNT(*) AS n FROM kiosk_notes WHERE state IN"
                           " ('escrowed', 'unresolved')")[0]["n"] == 0
        accounts = {str(r["account"]) for r in store.query(
            "SELECT t.account FROM kiosk_notes n JOIN kiosk_transactions t"
            " ON t.id = n.transaction_id WHERE n.state = 'stacked'")}
        assert accounts == {A}
        assert life.core.ledger.open_transactions() == []
    finally:
        life.close()
        emu.stop()

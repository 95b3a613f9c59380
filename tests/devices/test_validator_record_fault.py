"""Fault class 4: the app cannot record a note report (disk full, I/O error).

The device must keep its report: the driver ACKs a stacked report only after every
listener returned. A listener that raises means "not recorded": no ACK (the device
repeats the report), acceptance disabled, a typed ``RecordFailed`` event, and the report
delivered again until the app records it; then it is ACKed once and credited once.
"""

from __future__ import annotations

from typing import Any

from devices.bill_validator import RecordFailed, ValidatorEvent


class FailingRecorder:
    """A listener whose storage fails for the first ``failures`` note reports."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.recorded: list[int] = []
        self.attempts = 0

    def __call__(self, event: ValidatorEvent) -> None:
        if event.event != "stacked":
            return
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise OSError(28, "No space left on device")
        self.recorded.append(getattr(event, "amount", -1))


def test_stacked_report_not_acked_while_it_cannot_be_recorded(rig: Any) -> None:
    recorder = FailingRecorder(failures=10**6)
    rig.driver.add_listener(recorder)
    rig.start()
    rig.emu.insert_note(5000)
    failed = rig.wait("record_failed")
    assert isinstance(failed, RecordFailed) and failed.report == "stacked"
    assert "No space left" in failed.reason
    rig.until(lambda: recorder.attempts >= 3)  # delivered again, never given up
    # the device still holds its report (not ACKed) and accepts no further notes
    assert rig.emu.model.events and rig.emu.model.events[0][0] == "stacked"
    rig.until(lambda: not rig.emu.model.enabled or rig.emu.model.inhibited)
    assert recorder.recorded == []


def test_report_acked_once_after_storage_recovers(rig: Any) -> None:
    recorder = FailingRecorder(failures=3)
    rig.driver.add_listener(recorder)
    rig.start()
    rig.emu.insert_note(2000)
    rig.wait("record_failed")
    rig.until(lambda: recorder.recorded != [])
    rig.until(lambda: not rig.emu.model.events)  # ACKed after the record
    rig.drain()
    assert recorder.recorded == [2000]
    assert rig.names().count("record_failed") == 1  # one fault per outage, not per poll
    # acceptance comes back once the report is recorded
    rig.until(lambda: bool(rig.emu.model.enabled) and not rig.emu.model.inhibited)

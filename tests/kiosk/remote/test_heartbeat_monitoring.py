"""Wiring from config: periodic checks and the monitoring threads against the real server."""

from __future__ import annotations

import time

from central.testing import run_server
from kiosk.config import load
from kiosk.staff.setup import build_maintenance, open_store, periodic_checks, start_monitoring
from offline_queue import HmacAuth


def test_periodic_checks_pick_up_shell_flag_and_cutover(tmp_path) -> None:
    config = load(env={"KIOSK_DATA_DIR": str(tmp_path)})
    store = open_store(config)
    try:
        kiosk = build_maintenance(config, store)
        shell = build_maintenance(config, store)  # `kiosk maint` in another process
        shell.service_state.set_manual("door", by="bob", role="technician", source="technician")
        assert kiosk.service_state.in_service
        periodic_checks(kiosk)
        assert not kiosk.service_state.in_service
        assert any(r.source == "device:bill_validator" for r in kiosk.service_state.reasons())
    finally:
        store.close()


def test_monitoring_threads_run_and_stop(tmp_path) -> None:
    with run_server(tmp_path / "central.db", poll_interval=0.02) as (url, admin):
        config = load(env={"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_SERVER__URL": url,
                           "KIOSK_SERVER__COMMAND_POLL_WAIT_S": "1"})
        store = open_store(config)
        stack = build_maintenance(config, store)
        secret = admin.add_kiosk("K0001", stack.key.public_key_hex)
        kicks = []
        hb, poller = start_monitoring(config, stack, HmacAuth("K0001", bytes.fromhex(secret)),
                                      kick_sync=lambda: kicks.append(1))
        try:
            admin.send_command("K0001", "force-sync")
            deadline = time.monotonic() + 10
            while not kicks or hb.sent == 0:
                assert time.monotonic() < deadline, (kicks, hb.last_error, poller.last_error)
                hb._stop.wait(0.02)
        finally:
            assert hb.stop() and poller.stop()
            store.close()

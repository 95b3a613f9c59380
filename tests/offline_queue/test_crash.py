"""Kill the worker process mid-batch (after the server committed, before the kiosk did).

The restarted worker resends the batch; the server answers "duplicate" for those ids, so
nothing is lost and nothing is applied twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from offline_queue import Store, SyncWorker
from offline_queue.auth import HmacAuth

WORKER = textwrap.dedent("""
    import sys
    from offline_queue import HmacAuth, Store, SyncWorker
    path, url, secret = sys.argv[1:4]
    store = Store(path)
    worker = SyncWorker(store, url, HmacAuth("K0001", bytes.fromhex(secret)), batch_size=40,
                        read_timeout=60, backoff_base=0.01, backoff_cap=0.05)
    print("ready", flush=True)
    worker.sync_once()
    print("finished", flush=True)
""")


def test_kill_mid_batch_then_restart(tmp_path, central, proxy, enqueue):
    url, admin, secret = central
    path = tmp_path / "kiosk.db"
    with Store(path) as store:
        ids = enqueue(store, 100)
    proxy.push("pass", "hold")  # batch 1 acked; batch 2 reaches the server, reply held
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(path), proxy.url, secret.hex()],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proxy.holding.wait(30), proc.stderr.read() if proc.poll() is not None else ""
        assert len(admin.record_ids()) == 80  # the server committed batch 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
        proxy.release()
    assert proc.returncode == -signal.SIGKILL
    with Store(path) as store:  # integrity_check passes after the kill
        st = store.status()
        assert st.sent == 40 and st.pending == 60  # batch 2 was never acknowledged locally
        worker = SyncWorker(store, url, HmacAuth("K0001", secret), batch_size=40)
        try:
            assert worker.sync_once() == 60
        finally:
            worker.stop()
        assert store.status().pending == 0
        assert store.verify_chain()
    got = admin.record_ids()
    assert got == ids and len(set(got)) == 100
    assert len(admin.transactions(limit=1000)) == 100

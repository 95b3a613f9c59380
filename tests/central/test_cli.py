"""kiosk-central commands, against a real database file (and one real `serve`)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import pytest
import requests

from central.admin import Admin
from central.cli import build_parser, main
from lab.central_proc import free_port


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kiosk_add_prints_secret_and_rejects_duplicates(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    code, out, _ = run(capsys, "kiosk", "add", "K0001", "--db", db)
    assert code == 0 and len(bytes.fromhex(out.strip())) == 32
    code, _, err = run(capsys, "kiosk", "add", "K0001", "--db", db)
    assert code == 1 and "already registered" in err
    assert run(capsys, "kiosk", "set-key", "K0001", "ab" * 32, "--db", db)[0] == 0
    code, _, err = run(capsys, "kiosk", "set-key", "K0001", "xyz", "--db", db)
    assert code == 1 and "hex" in err
    code, out, _ = run(capsys, "kiosk", "list", "--db", db)
    assert json.loads(out)["public_key_hex"] == "ab" * 32


def test_command_send_and_list(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    run(capsys, "kiosk", "add", "K1", "--db", db)
    code, out, _ = run(capsys, "command", "send", "K1", "force-sync", "--arg", "a=1", "--db", db)
    assert code == 0 and json.loads(out)["args"] == {"a": "1"}
    code, _, err = run(capsys, "command", "send", "K9", "force-sync", "--db", db)
    assert code == 1 and "not registered" in err
    code, _, err = run(capsys, "command", "send", "K1", "in-service", "--arg", "x", "--db", db)
    assert code == 2
    code, out, _ = run(capsys, "command", "list", "K1", "--db", db)
    assert json.loads(out)["command"] == "force-sync"


def test_reconcile_and_transactions_list(tmp_path, capsys):
    db = tmp_path / "c.db"
    admin = Admin(db)
    admin.add_kiosk("K1")
    admin.db.execute("INSERT INTO transactions (transaction_id, kiosk_id, gross, fee, total,"
                     " status, business_date, received_at) VALUES ('t1', 'K1', 100, 0, 100,"
                     " 'completed', '2025-11-24', 'now')")
    admin.close()
    code, out, _ = run(capsys, "transactions", "list", "--kiosk", "K1", "--db", str(db))
    assert code == 0 and json.loads(out)["transaction_id"] == "t1"
    code, out, _ = run(capsys, "reconcile", "--kiosk", "K1", "--date", "2025-11-24",
                       "--db", str(db))
    assert code == 3 and "missing on kiosk" in out and "t1" in out
    code, out, _ = run(capsys, "reconcile", "--kiosk", "K1", "--json", "--db", str(db))
    assert code == 1  # no batches at all


def commands(parser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if not any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield (*prefix, name)
                yield from commands(sub, (*prefix, name))


@pytest.mark.parametrize("path", sorted(set(commands(build_parser()))), ids=" ".join)
def test_every_command_has_an_example(path, capsys):
    with pytest.raises(SystemExit) as info:
        main([*path, "--help"])
    assert info.value.code == 0 and "Example:" in capsys.readouterr().out


def test_serve_answers_health(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "central.cli", "serve", "--db",
                             str(tmp_path / "c.db"), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except requests.ConnectionError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert r.json()["ok"] is True
    finally:
        proc.terminate()
        proc.wait(10)

"""Three-way QR reconciliation: kiosk batch <-> server <-> provider statement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from central.cli import main
from central.payments import statement
from central.payments.keys import load_config
from central.payments.reconcile import three_way

DAY = "2025-11-25"  # the test clock's Beijing date


def pay(client: Any, code: str, amount: int) -> str:
    tid = str(uuid.uuid4())
    reply = client.post("/v1/qr/charges", {"transaction_id": tid, "amount": amount,
                                           "code": code, "description": "top-up"})
    assert reply.json()["state"] == "paid"
    return tid


def kiosk_batch(qr: Any, items: list[tuple[str, int]]) -> None:
    """The kiosk's settlement batch as stored (the upload path has its own tests)."""
    batch = {"kiosk_id": "K0001", "batch_no": 1, "period_start": f"{DAY}T00:00:00Z",
             "period_end": f"{DAY}T23:59:59Z",
             "transactions": [{"id": tid, "method": "qr", "status": "completed",
                               "total": amount, "gross": amount, "fee": 0,
                               "completed_at": f"{DAY}T00:10:00Z"} for tid, amount in items]}
    with qr.db.tx() as conn:
        conn.execute("INSERT INTO settlements (kiosk_id, batch_no, payload_hash, payload,"
                     " chain_head, received_at, result) VALUES (?, 1, 'h', ?, 'c', 'now', '{}')",
                     ("K0001", json.dumps(batch)))


def test_statement_parses_to_integer_fen() -> None:
    assert statement.fen("80.00") == 8000 and statement.fen("0.5") == 50
    assert statement.fen("-1.01") == -101
    for bad in ("1.001", "", "1e3", "¥1"):
        with pytest.raises(ValueError):
            statement.fen(bad)
    with pytest.raises(statement.StatementError):
        statement.parse("hello\n")


def test_one_missing_and_one_extra_item(client: Any, provider: Any, qr: Any,
                                        tmp_path: Path, db_path: Any,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    a = pay(client, "134567890123456780", 8000)
    b = pay(client, "134567890123456781", 5000)
    c = pay(client, "134567890123456782", 3000)
    client.post(f"/v1/qr/payments/{c}/cancel", {"reason": "topup_failed"})  # refunded
    kiosk_batch(qr, [(a, 8000), (b, 5000)])
    text = qr.provider.statement(DAY)  # through the adapter: signed, hash checked
    items, bad = statement.parse(text)
    assert bad == [] and {i.kind for i in items} == {"payment", "refund"}

    provider.statement_drop.add(b.replace("-", ""))          # missing in the statement
    extra = ["2025-11-25 00:30:00", "wxd930ea5d5a258f4f", "1900000109", "0", "",
             "4200000000000000999999", "ffffffffffffffffffffffffffffffff", "oX",
             "MICROPAY", "SUCCESS", "OTHERS", "CNY", "12.00", "0.00", "0", "0", "0.00",
             "0.00", "", "", "top-up", "", "0.07", "0.60%", "12.00", "0.00", ""]
    provider.statement_extra.append(extra)                    # one the server never saw
    path = tmp_path / "statement.csv"
    path.write_text(provider.statement_text(DAY), "utf-8")
    db = str(db_path)  # the server fixture's database
    code = main(["reconcile", "--kiosk", "K0001", "--date", DAY, "--qr-statement",
                 str(path), "--json", "--db", db])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    report = next(r for r in out if "qr_reconciliation" in r)
    assert code == 3 and not report["balanced"]
    assert sorted(report["matched"]) == sorted([a, c])
    assert [m["id"] for m in report["missing_in_statement"]] == [b]
    assert report["missing_on_server"] == [{"out_trade_no": "f" * 32, "amount": 1200,
                                            "provider_id": "4200000000000000999999"}]
    assert report["missing_on_kiosk"] == report["kiosk_unpaid"] == []
    assert report["amount_mismatch"] == report["refund_mismatch"] == []


def test_balanced_day(client: Any, qr: Any) -> None:
    a = pay(client, "134567890123456780", 8000)
    kiosk_batch(qr, [(a, 8000)])
    report = three_way(qr.db, DAY, qr.provider.statement(DAY), "K0001")
    assert report["balanced"] and report["matched"] == [a]


def test_emulator_command_serves_and_writes_the_server_config(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "qr", "emulator", "--keys", str(tmp_path / "k"),
         "--config-out", str(tmp_path / "p.toml"), "--notify-url", "http://127.0.0.1:9/n",
         "--db", str(tmp_path / "c.db")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        assert proc.stdout is not None and proc.stdin is not None
        ready = json.loads(proc.stdout.readline())
        assert ready["event"] == "ready" and ready["url"].startswith("http://127.0.0.1:")
        assert load_config(tmp_path / "p.toml").base_url == ready["url"]
        proc.stdin.write("status\n")
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())["text"] == "no trades"
    finally:
        proc.terminate()
        proc.wait(10)

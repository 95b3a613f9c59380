"""The maintenance CLI groups end to end on a real data directory."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from kiosk_cli.main import main


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)

    def run(*argv, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        return code, lines, out, err

    return run


def bootstrap(cli):
    assert cli("users", "add", "--role", "admin", "alice", "--pin-stdin", stdin="482913\n")[0] == 0
    assert cli("users", "add", "--role", "technician", "--as", "alice", "bob", "--pin-stdin",
               stdin="482913\n582914\n")[0] == 0
    assert cli("users", "add", "--role", "collector", "--as", "alice", "carol", "--pin-stdin",
               stdin="482913\n682915\n")[0] == 0


def test_users_bootstrap_and_list(cli) -> None:
    code, _, _, err = cli("users", "add", "--role", "technician", "bob", "--pin-stdin",
                          stdin="482913\n")
    assert code == 2 and "first user must be an admin" in err
    bootstrap(cli)
    code, _, _, err = cli("users", "add", "--role", "admin", "mallory", "--pin-stdin",
                          stdin="482913\n")
    assert code == 2 and "--as ADMIN" in err
    code, _, _, err = cli("users", "add", "--role", "admin", "--as", "bob", "mallory",
                          "--pin-stdin", stdin="582914\n482913\n")
    assert code == 1 and "may not do users" in err
    code, rows, out, _ = cli("users", "list")
    assert [(r["name"], r["role"]) for r in rows] == [
        ("alice", "admin"), ("bob", "technician"), ("carol", "collector")]
    assert "482913" not in out


def test_wrong_pin_exit_code(cli) -> None:
    bootstrap(cli)
    code, _, _, err = cli("maint", "login", "--user", "bob", "--pin-stdin", stdin="000000\n")
    # The login screen's words (tests/ui/test_maintenance.py), not the internal message.
    assert code == 4 and "login refused: Wrong PIN. 4 more tries before a lock." in err
    code, _, _, err = cli("maint", "login", "--user", "nobody", "--pin-stdin", stdin="000000\n")
    assert code == 4 and "login refused: Wrong PIN. Please try again." in err


def test_out_of_service_and_diagnostics(cli) -> None:
    bootstrap(cli)
    code, rows, _, _ = cli("maint", "out-of-service", "--user", "bob", "--reason", "door",
                           "--pin-stdin", stdin="582914\n")
    assert code == 0 and rows[0]["in_service"] is False
    code, rows, _, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                             stdin="582914\n")
    assert code == 0 and rows[0]["service"]["reasons"][0]["reason"] == "door"
    assert rows[0]["source"] == "store (kiosk not running)" and rows[0]["devices"] == {}
    assert "device details need the running kiosk" in err
    code, rows, _, _ = cli("maint", "in-service", "--user", "bob", "--pin-stdin",
                           stdin="582914\n")
    assert rows[0]["in_service"] is True
    code, _, _, err = cli("maint", "collect", "--user", "bob", "--count", "10000=1",
                          "--pin-stdin", stdin="582914\n")
    assert code == 1 and "may not do cash_collection" in err


def test_collect_then_settlement_commands(cli) -> None:
    bootstrap(cli)
    code, rows, out, _ = cli("maint", "collect", "--user", "carol", "--count", "10000=2",
                             "--pin-stdin", stdin="682915\n")
    assert code == 0 and rows[0]["difference"] == 20000 and "CASH COLLECTION" in out
    assert "DIFFERENCE RECORDED - report to back office" in out
    code, rows, _, _ = cli("settlement", "list")
    assert [r["batch_no"] for r in rows] == [1] and rows[0]["reason"] == "collection"
    assert cli("settlement", "close", "--user", "bob", "--pin-stdin", stdin="582914\n")[0] == 0
    code, rows, _, _ = cli("settlement", "verify", "2")
    assert code == 0 and rows[0]["ok"] is True
    code, rows, _, _ = cli("settlement", "show", "2")
    assert rows[0]["prev_chain_head"] != "0" * 64
    code, rows, _, _ = cli("settlement", "key")
    assert len(rows[0]["public_key"]) == 64
    code, _, _, err = cli("settlement", "show", "9")
    assert code == 1 and "no settlement batch 9" in err
    code, _, _, err = cli("maint", "collect", "--user", "carol", "--pin-stdin",
                          stdin="682915\n")
    assert code == 2


def test_logs_export(cli, tmp_path) -> None:
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    (logs / "kiosk.log").write_text('{"msg": "pan 6228480012345678"}\n')
    code, rows, _, _ = cli("logs", "export", "--out", str(tmp_path / "x.tar.gz"))
    assert code == 0 and rows[0]["exported"].endswith("x.tar.gz")
    with tarfile.open(tmp_path / "x.tar.gz") as tar:
        assert b"6228480012345678" not in tar.extractfile("logs/kiosk.log").read()


def test_diagnostics_times_are_local_iso_with_offset(monkeypatch) -> None:
    """The queue's epoch numbers (kept in the report: the screen formats them) and the
    journal's UTC strings are printed as the kiosk's local time with its offset."""
    import time

    from kiosk_cli.maint_access import readable

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        out = readable({"queue": {"pending": 0, "last_success": 1796280487.5,
                                  "last_error_at": None},
                        "server": {"server_time": 1796280487},
                        "service": {"in_service": False, "reasons": [
                            {"source": "technician", "since": "2026-12-03T06:48:07.5Z"}]},
                        "last_batch": {"batch_no": 3, "period_start": "2026-12-02T16:00:00Z",
                                       "period_end": "2026-12-03T06:48:07Z"}})
    finally:
        monkeypatch.undo()
        time.tzset()
    assert out["queue"] == {"pending": 0, "last_success": "2026-12-03T14:48:07+08:00",
                            "last_error_at": None}
    assert out["server"]["server_time"] == "2026-12-03T14:48:07+08:00"
    assert out["service"]["reasons"][0]["since"] == "2026-12-03T14:48:07+08:00"
    assert out["last_batch"]["period_start"] == "2026-12-03T00:00:00+08:00"

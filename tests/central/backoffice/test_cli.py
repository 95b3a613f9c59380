"""kiosk-central operator add/list/unlock against a real database file."""

from __future__ import annotations

import io
import json

import pytest

from central.cli import main


def run(capsys, monkeypatch, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_operator_add_list_unlock(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "c.db")
    code, out, _ = run(capsys, monkeypatch, "operator", "add", "alice", "--role", "admin",
                       "--password-stdin", "--db", db, stdin="correct horse 42\n")
    assert code == 0 and json.loads(out) == {"username": "alice", "role": "admin"}
    code, _, err = run(capsys, monkeypatch, "operator", "add", "alice", "--role", "admin",
                       "--password-stdin", "--db", db, stdin="correct horse 42\n")
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, monkeypatch, "operator", "add", "bob", "--role", "hall",
                       "--password-stdin", "--db", db, stdin="short\n")
    assert code == 1 and "at least" in err
    code, out, _ = run(capsys, monkeypatch, "operator", "list", "--db", db)
    assert [json.loads(line)["username"] for line in out.splitlines()] == ["alice"]
    assert run(capsys, monkeypatch, "operator", "unlock", "alice", "--db", db)[0] == 0
    assert run(capsys, monkeypatch, "operator", "unlock", "nobody", "--db", db)[0] == 1


@pytest.mark.parametrize("sub", ["add", "list", "unlock"])
def test_help_has_an_example(sub, capsys):
    with pytest.raises(SystemExit):
        main(["operator", sub, "--help"])
    assert "Example:" in capsys.readouterr().out

"""kiosk-central release ...: a real TUF repository and a real database in a temp dir."""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path

import pytest
from tuf.api.metadata import Metadata

from central.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines()], out.err


def package(tmp_path: Path, text: str = "VALUE = 1\n") -> Path:
    pkg = tmp_path / "src" / "demo_pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text(text)
    return pkg


@pytest.fixture
def repo(tmp_path, capsys):
    args = ["--repo", str(tmp_path / "repo"), "--keys", str(tmp_path / "keys"),
            "--db", str(tmp_path / "c.db")]
    code, out, _ = run(capsys, "release", "init", *args)
    assert code == 0 and set(out[0]["keyids"]) == {"root", "targets", "snapshot", "timestamp"}
    return args


def test_init_publish_promote_status(tmp_path, capsys, repo):
    pkg = package(tmp_path)
    code, out, err = run(capsys, "release", "publish", "1.1.0", str(pkg), "--data-schema",
                         "kiosk=3", "--canary", "20", *repo)
    assert code == 0, err
    rel = out[0]
    assert (rel["stage"], rel["percent"], rel["manifest"]["rollback"]) == ("canary", 20, True)
    targets = Metadata.from_file(str(tmp_path / "repo/metadata/2.targets.json")).signed
    info = targets.targets["kiosk-1.1.0.tar.gz"]
    assert info.custom["kiosk_release"]["data_schema"] == {"kiosk": 3}
    stored = tmp_path / "repo/targets" / f"{info.hashes['sha256']}.kiosk-1.1.0.tar.gz"
    with tarfile.open(stored) as tar:
        assert sorted(tar.getnames()) == ["lib/demo_pkg/__init__.py", "release.json"]
    code, out, _ = run(capsys, "release", "promote", "1.1.0", *repo[-2:])
    assert code == 0 and out[0]["stage"] == "stable"
    code, out, _ = run(capsys, "release", "status", "--repo", repo[1], *repo[-2:])
    assert code == 0 and out[0]["stage"] == "stable"
    assert out[-1]["roles"]["timestamp"]["version"] == 2
    assert not any(r["expired"] for r in out[-1]["roles"].values())


def test_versions_only_grow_and_one_canary_at_a_time(tmp_path, capsys, repo):
    pkg = package(tmp_path)
    assert run(capsys, "release", "publish", "1.2.0", str(pkg), *repo)[0] == 0
    code, _, err = run(capsys, "release", "publish", "1.3.0", str(pkg), *repo)
    assert code == 1 and "still in canary" in err
    code, out, _ = run(capsys, "release", "halt", "1.2.0", "--reason", "bad", *repo[-2:])
    assert code == 0 and out[0]["stage"] == "halted"
    code, _, err = run(capsys, "release", "publish", "1.1.9", str(pkg), *repo)
    assert code == 1 and "versions only grow" in err
    code, _, err = run(capsys, "release", "publish", "v2", str(pkg), *repo)
    assert code == 1 and "MAJOR.MINOR.PATCH" in err
    code, _, err = run(capsys, "release", "promote", "1.2.0", *repo[-2:])
    assert code == 1 and "only a canary" in err


def test_timestamp_resigns_with_new_versions(tmp_path, capsys, repo):
    code, out, _ = run(capsys, "release", "timestamp", *repo)
    assert code == 0
    assert out[0]["roles"]["timestamp"]["version"] == 2
    assert out[0]["roles"]["snapshot"]["version"] == 2


def test_keys_are_refused_inside_the_repository_or_a_checkout(tmp_path, capsys):
    db = ["--db", str(tmp_path / "c.db")]
    code, _, err = run(capsys, "release", "init", "--repo", str(tmp_path / "r"), "--keys",
                       str(tmp_path / "r" / "keys"), *db)
    assert code == 1 and "inside the served repository" in err
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    code, _, err = run(capsys, "release", "init", "--repo", str(tmp_path / "r"), "--keys",
                       str(checkout / "keys"), *db)
    assert code == 1 and "git work tree" in err
    code, _, err = run(capsys, "release", "init", "--repo", str(tmp_path / "r"), *db)
    assert code == 1 and "--keys" in err


def test_init_twice_and_bad_inputs_are_refused(tmp_path, capsys, repo):
    code, _, err = run(capsys, "release", "init", *repo)
    assert code == 1 and "already" in err
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(capsys, "release", "publish", "1.0.1", str(tmp_path / "notes.txt"),
                       *repo)
    assert code == 1 and ".whl" in err
    code, _, err = run(capsys, "release", "publish", "1.0.1", str(package(tmp_path)),
                       "--data-schema", "kiosk", *repo)
    assert code == 1 and "NAMESPACE=VERSION" in err


@pytest.mark.parametrize("cmd", ["init", "publish", "promote", "halt", "status", "timestamp"])
def test_help_has_an_example(cmd, capsys):
    with pytest.raises(SystemExit) as info:
        main(["release", cmd, "--help"])
    assert info.value.code == 0 and "Example:" in capsys.readouterr().out


def test_the_code_must_carry_the_release_version(tmp_path, capsys, repo):
    pkg = tmp_path / "src2" / "kiosk"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('__version__ = "0.9.0"\n')
    code, _, err = run(capsys, "release", "publish", "1.0.0", str(pkg), *repo)
    assert code == 1 and "says __version__ 0.9.0" in err
    (pkg / "__init__.py").write_text('__version__ = "1.0.0"\n')
    assert run(capsys, "release", "publish", "1.0.0", str(pkg), *repo)[0] == 0

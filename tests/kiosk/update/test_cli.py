"""`kiosk update ...` against the real repository, server and slots of ``world``."""

from __future__ import annotations

import json

import pytest

from kiosk.update.slots import Slots
from kiosk_cli.main import main


@pytest.fixture
def cli(world, capsys, monkeypatch):
    secret = world.tmp / "secret"
    secret.write_text(world.auth._secret.hex())
    config = world.tmp / "kiosk.toml"
    config.write_text(f'''kiosk_id = "K0001"
data_dir = "{world.data_dir}"
[server]
url = "{world.url}"
credentials_file = "{secret}"
[update]
root = "{world.slots_root}"
trusted_root = "{world.repo.metadata_dir / 'root.json'}"
''')
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)

    def run(*argv):
        try:
            code = main(["--config", str(config), "update", *argv])
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, [json.loads(x) for x in out.out.splitlines()], out.err
    return run


def test_check_stages_but_leaves_the_switch_to_the_running_kiosk(world, cli):
    world.publish("1.1.0")
    code, out, _ = cli("check")
    assert code == 0 and out[0]["result"] == "staged" and out[0]["switch"] == "deferred"
    assert "running kiosk" in out[0]["reason"]
    assert Slots(world.slots_root).has("1.1.0") and Slots(world.slots_root).current() is None
    code, out, _ = cli("status")
    assert out[0]["staged"] == "1.1.0" and out[0]["running"] == "0.1.0"


def test_install_no_rollback_release_by_hand_and_roll_back(world, cli):
    world.publish("1.1.0", rollback=False)
    code, _, err = cli("install", "1.1.0")
    assert code == 1 and "cannot be rolled back" in err
    code, out, _ = cli("install", "1.1.0", "--allow-no-rollback")
    assert code == 0 and out[0]["staged"] == "1.1.0"
    code, _, err = cli("rollback", "--reason", "test")
    assert code == 1 and "factory install" in err
    world.updater().try_switch()
    code, out, _ = cli("rollback", "--reason", "receipts cut off")
    assert code == 0 and out[0]["current"] == "factory"
    assert Slots(world.slots_root).current() is None
    [report] = [r for r in world.reports("1.1.0") if r["outcome"] == "rolled_back"]
    assert "receipts cut off" in report["body"]["reason"]


def test_updates_off_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as info:
        main(["update", "status"])
    assert info.value.code == 1 and "update.root" in capsys.readouterr().err

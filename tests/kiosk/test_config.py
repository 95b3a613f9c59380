"""Configuration: defaults, TOML file, KIOSK_* environment, errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import DEFAULTS, ConfigError, load
from kiosk_cli.main import main


def test_defaults_are_valid() -> None:
    config = load(env={})
    assert config["currency"] == "CNY"
    assert config["locale"] == "zh_CN"
    assert config["limits.max_transaction"] == DEFAULTS["limits"]["max_transaction"]


def test_file_then_env_override(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('kiosk_id = "K42"\nlocale = "en"\n[limits]\nmax_transaction = 5000\n')
    config = load(
        path,
        env={
            "KIOSK_LIMITS__MAX_TRANSACTION": "7000",
            "KIOSK_DEVICES__BILL_VALIDATOR__PROTOCOL": "id003",
        },
    )
    assert config["kiosk_id"] == "K42"
    assert config["locale"] == "en"
    assert config["limits.max_transaction"] == 7000
    assert config["devices.bill_validator.protocol"] == "id003"


@pytest.mark.parametrize(
    ("toml", "env", "key"),
    [
        ('currency = "XXX"', {}, "currency"),
        ('locale = "fr"', {}, "locale"),
        ("[limits]\nmax_transaction = 80.5", {}, "limits.max_transaction"),
        ("[limits]\nmax_transaction = -1", {}, "limits.max_transaction"),
        ("[server]\nurl = 'ftp://x'", {}, "server.url"),
        ("[devices.bill_validator]\nprotocol = 'ssp'", {}, "devices.bill_validator.protocol"),
        ("[maintenance]\nbusiness_day_cutover = '25:00'", {}, "maintenance.business_day_cutover"),
        ("nonsense = 1", {}, "nonsense"),
        ("", {"KIOSK_TIMEOUTS__INACTIVITY_S": "soon"}, "timeouts.inactivity_s"),
        ("", {"KIOSK_NO__SUCH": "1"}, "no.such"),
        ("[fees]\ntopup_fixed = -1", {}, "fees.topup_fixed"),
        ("[fees]\ntopup_fixed = 100\ntopup_percent_bp = 50", {}, "fees.topup_percent_bp"),
        ("[fees]\ntopup_commission_bp = 10001", {}, "fees.topup_commission_bp"),
        ("[timeouts]\nescrow_s = 0", {}, "timeouts.escrow_s"),
        ("[timeouts]\nescrow_settle_s = 0", {}, "timeouts.escrow_settle_s"),
        ("[devices.printer]\nprint_when_unknown = 'maybe'", {},
         "devices.printer.print_when_unknown"),
        ("", {"KIOSK_DEVICES__CARD_TERMINAL__ACK_TIMEOUT_S": "-1"},
         "devices.card_terminal.ack_timeout_s"),
    ],
)
def test_invalid_values_name_the_key(
    tmp_path: Path, toml: str, env: dict[str, str], key: str
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(toml + "\n")
    with pytest.raises(ConfigError) as info:
        load(path, env=env)
    assert str(info.value).startswith(f"{key}:")


def test_syntax_error_and_missing_file_are_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("kiosk_id = \n")
    with pytest.raises(ConfigError):
        load(bad, env={})
    with pytest.raises(ConfigError, match="No such file"):
        load(tmp_path / "missing.toml", env={})


def test_config_show_masks_secrets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[devices.card_terminal]\npassword = "123456"\n')
    assert main(["--config", str(path), "config", "show"]) == 0
    out = capsys.readouterr().out
    assert "123456" not in out
    assert 'password = "***"' in out
    assert "[limits]" in out


def test_config_show_exits_2_naming_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('locale = "xx"\n')
    with pytest.raises(SystemExit) as info:
        main(["--config", str(path), "config", "show"])
    assert info.value.code == 2
    assert "locale:" in capsys.readouterr().err


def test_new_keys_have_documented_defaults() -> None:
    config = load(env={})
    assert config["timeouts.escrow_s"] == 30.0 and config["timeouts.card_abort_s"] == 30.0
    assert config["timeouts.escrow_settle_s"] == 3.0
    assert (config["fees.topup_fixed"], config["fees.topup_percent_bp"],
            config["fees.topup_commission_bp"]) == (0, 0, 0)
    assert config["devices.printer.status_timeout_s"] == 0.5
    assert config["devices.printer.print_when_unknown"] is False
    assert config["devices.card_terminal.ack_timeout_s"] == 5.0


def test_other_programs_kiosk_variables_are_not_config_keys() -> None:
    """The Makefile and the central server set ``KIOSK_*`` names of their own; a kiosk
    started from that environment failed with "chromium: unknown key" (CI, session 2)."""
    config = load(env={"KIOSK_CENTRAL_DB": "x.db", "KIOSK_BACKOFFICE_COOKIE_SECURE": "on",
                       "KIOSK_RELEASE_KEYS": "/k", "KIOSK_PG_BIN": "/b", "KIOSK_QM_CACHE": "/q",
                       "KIOSK_UI_FONT": "/f.ttf", "KIOSK_TEST_NORMAL_EXIT": "1"})
    assert config["kiosk_id"] == DEFAULTS["kiosk_id"]
    with pytest.raises(ConfigError, match="chromium: unknown key"):
        load(env={"KIOSK_CHROMIUM": "/usr/bin/chromium"})

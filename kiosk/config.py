"""Kiosk configuration: one TOML file, documented defaults, ``KIOSK_*`` overrides.

Precedence (later wins): built-in defaults (``DEFAULTS`` below, which is also the
documentation of every key), the TOML file given by ``--config`` or ``KIOSK_CONFIG``,
then environment variables. An environment variable names a key by its dotted path in
upper case with ``__`` between levels: ``server.url`` is ``KIOSK_SERVER__URL``,
``devices.bill_validator.port`` is ``KIOSK_DEVICES__BILL_VALIDATOR__PORT``.

Every value is checked against the type of its default; a wrong value raises
``ConfigError`` naming the dotted key, so a technician sees *which* line to fix.
Money limits are integers in minor units (fen), never decimals.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.rules.money import CURRENCY_EXPONENTS

ENV_PREFIX = "KIOSK_"
#: ``KIOSK_*`` variables that belong to other programs of the product (the central server,
#: its back office and release tool, the UI's font and translation cache, the test suite):
#: skipped here, so a server started from the same shell does not make the kiosk's strict
#: "unknown key" check fail. Every other ``KIOSK_*`` name must be a config key.
NOT_CONFIG_ENV = frozenset({"KIOSK_CONFIG", "KIOSK_QM_CACHE", "KIOSK_UI_FONT"})
NOT_CONFIG_ENV_PREFIXES = ("KIOSK_CENTRAL_", "KIOSK_BACKOFFICE_", "KIOSK_RELEASE_",
                           "KIOSK_PG_", "KIOSK_TEST_")
SECRET_KEYS = frozenset({"password", "secret", "token", "pin"})
LOCALES = ("zh_CN", "en")
BILL_PROTOCOLS = ("ccnet", "id003", "none")
CARD_PROTOCOLS = ("zvt", "none")
PRINTER_PROTOCOLS = ("escpos", "none")
SCANNER_PROTOCOLS = ("serial", "none")  # QR/barcode scanner for payment codes (付款码)

#: Every key with its default and a comment; ``docs/operations.md`` shows the same file.
DEFAULTS: dict[str, Any] = {
    "kiosk_id": "K0001",  # id registered at the central server
    "location": "Demo Hall 1",  # printed on receipts
    "brand": "便民缴费",  # name shown on every screen and receipt
    "currency": "CNY",  # ISO 4217; all amounts are minor units of it
    "locale": "zh_CN",  # zh_CN (default) or en
    "data_dir": "~/.local/share/kiosk",  # journal, logs, keys, receipts
    "server": {
        "url": "http://127.0.0.1:8700",
        "credentials_file": "",  # file holding the kiosk's HMAC secret; "" = <data_dir>/secret
        "connect_timeout_s": 3.0,
        "read_timeout_s": 10.0,
        "heartbeat_interval_s": 60.0,
        "command_poll_wait_s": 25.0,
        "sync_batch_size": 100,
    },
    "devices": {
        "bill_validator": {"protocol": "ccnet", "port": "/dev/kiosk/bill", "required": True},
        "card_terminal": {
            "protocol": "zvt",
            "port": "/dev/kiosk/card",
            "password": "000000",  # ZVT registration password (masked in `config show`)
            "required": False,
            "ack_timeout_s": 5.0,  # ZVT T3: wait for the terminal's ACK of each frame
        },
        "printer": {
            "protocol": "escpos",
            "port": "/dev/kiosk/printer",
            "required": False,
            "status_timeout_s": 0.5,  # wait for the paper-status reply before "unknown"
            "print_when_unknown": False,  # print anyway when paper state is unknown
        },
        "scanner": {  # QR payment codes (付款码); "none": only the on-screen QR code
            "protocol": "none",
            "port": "/dev/kiosk/scanner",
            "required": False,
            "baudrate": 115200,
        },
    },
    "limits": {
        "max_transaction": 100000,  # per transaction, minor units (¥1000.00)
        "max_offline_transaction": 50000,  # per transaction while offline
        "max_offline_total": 200000,  # unsynced cash total before cash is disabled
        "max_offline_age_s": 86400,  # oldest unsynced transaction before cash is disabled
        "max_offline_count": 20,  # unsynced cash transactions before cash is disabled
        # (the four offline limits stand in only until the server's signed allowance arrives)
        "duplicate_window_s": 600,  # same account + amount again within this: ask to confirm
        "topup_denominations": [3000, 5000, 10000, 20000, 30000, 50000],
    },
    "timeouts": {
        "inactivity_s": 60.0,  # no touch for this long: ask "still there?"
        "still_there_s": 20.0,  # then end the session safely
        "card_payment_s": 180.0,  # whole card payment (ZVT T4)
        "server_confirm_s": 15.0,  # waiting for the server to confirm an online payment
        "escrow_s": 30.0,  # a note told to STACK that never reports: presume a device fault
        "card_abort_s": 30.0,  # terminal's answer to an abort before the result is "unknown"
        "escrow_settle_s": 3.0,  # start-up: wait for the validator to settle a pre-crash note
    },
    "fees": {  # customer fee on mobile top-ups (billers' fees come from the catalog)
        "topup_fixed": 0,  # minor units added to each top-up (use this OR the percent)
        "topup_percent_bp": 0,  # basis points of the top-up value, rounded half up
        "topup_commission_bp": 0,  # owed by the operator to us, never charged to the customer
    },
    "maintenance": {
        "business_day_cutover": "00:00",  # local time a settlement batch closes
        "idle_logout_s": 120.0,
        "max_pin_failures": 5,
        "lockout_s": 1800.0,
    },
    "update": {  # signed releases (docs/operations.md, section 10)
        "root": "",  # A/B release slots, e.g. /opt/kiosk/releases; "" = updates off
        "trusted_root": "/etc/kiosk/release-root.json",  # TUF root the kiosk was installed with
        "check_interval_s": 3600.0,  # ask the server this often (jittered), and on command
        "quiet_hours": "",  # switch only inside this local window, e.g. "02:00-05:00"
        "max_boots": 3,  # starts of a new release without a passed self-test before rollback
        "auto_install": True,  # false: only `kiosk update install` installs
    },
    "remote": {
        "allow_reboot": False,  # may the server's `reboot` command reboot the machine
    },
    "receipts": {
        # The back office's public receipt check page, e.g. https://bo.example.com/check:
        # the receipt QR holds <check_url>?ref=<signed reference>; "" = the bare reference
        "check_url": "",
    },
    "ui": {
        "orientation": "portrait",  # screen layout of the demo window: portrait or landscape
        "large_text": False,  # start in large-text mode (the customer can toggle it)
    },
}


@dataclass(frozen=True)
class Config:
    """The effective configuration: a checked nested mapping with dotted-key access."""

    values: Mapping[str, Any]
    source: str = "defaults"
    path: str | None = None  # the TOML file it was read from, for reload-config

    def get(self, dotted: str) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise KeyError(dotted)
            node = node[part]
        return node

    def __getitem__(self, dotted: str) -> Any:
        return self.get(dotted)

    @property
    def data_dir(self) -> Path:
        return Path(os.path.expanduser(str(self.get("data_dir"))))

    @property
    def credentials_file(self) -> Path:
        raw = str(self.get("server.credentials_file"))
        return Path(os.path.expanduser(raw)) if raw else self.data_dir / "secret"

    def masked(self) -> dict[str, Any]:
        """A copy for display with every secret replaced by ``***``."""
        return _mask(copy.deepcopy(dict(self.values)))

    def to_toml(self) -> str:
        """The masked effective configuration as TOML text."""
        return _to_toml(self.masked())


def load(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Config:
    """Build the effective config from defaults, an optional file and the environment.

    Raises ``ConfigError`` for an unreadable file, a TOML syntax error, an unknown key or
    a value of the wrong type.
    """
    env = os.environ if env is None else env
    values = copy.deepcopy(DEFAULTS)
    source = "defaults"
    path = path or env.get("KIOSK_CONFIG") or None
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"config file {path}: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        _merge(values, data, DEFAULTS, "")
        source = str(path)
    for name, raw in env.items():
        if (not name.startswith(ENV_PREFIX) or name in NOT_CONFIG_ENV
                or name.startswith(NOT_CONFIG_ENV_PREFIXES)):
            continue
        dotted = ".".join(p.lower() for p in name[len(ENV_PREFIX) :].split("__"))
        _set_from_env(values, dotted, raw)
        source += f" + ${name}"
    _validate(values)
    return Config(values=values, source=source, path=str(path) if path else None)


def _merge(
    target: dict[str, Any], data: Mapping[str, Any], schema: Mapping[str, Any], prefix: str
) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            raise ConfigError(f"{dotted}: unknown key")
        if isinstance(schema[key], dict):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{dotted}: expected a table, got {value!r}")
            _merge(target[key], value, schema[key], dotted + ".")
        else:
            target[key] = _coerce(dotted, value, schema[key])


def _set_from_env(values: dict[str, Any], dotted: str, raw: str) -> None:
    parts = dotted.split(".")
    node: Any = values
    schema: Any = DEFAULTS
    for part in parts[:-1]:
        if not isinstance(schema, dict) or part not in schema or not isinstance(schema[part], dict):
            raise ConfigError(f"{dotted}: unknown key (from environment)")
        node, schema = node[part], schema[part]
    leaf = parts[-1]
    if leaf not in schema or isinstance(schema[leaf], dict):
        raise ConfigError(f"{dotted}: unknown key (from environment)")
    default = schema[leaf]
    value: Any = raw
    if isinstance(default, list):
        value = [v.strip() for v in raw.split(",") if v.strip()]
    node[leaf] = _coerce(dotted, value, default, from_text=True)


def _coerce(dotted: str, value: Any, default: Any, from_text: bool = False) -> Any:
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if from_text and str(value).lower() in (
            "1",
            "true",
            "yes",
            "on",
            "0",
            "false",
            "no",
            "off",
        ):
            return str(value).lower() in ("1", "true", "yes", "on")
        raise ConfigError(f"{dotted}: expected true or false, got {value!r}")
    if kind is int:
        if isinstance(value, bool) or not (isinstance(value, int) or from_text):
            raise ConfigError(f"{dotted}: expected an integer, got {value!r}")
        try:
            return int(value)
        except ValueError as exc:
            raise ConfigError(f"{dotted}: expected an integer, got {value!r}") from exc
    if kind is float:  # durations in seconds, never money
        if isinstance(value, bool):
            raise ConfigError(f"{dotted}: expected a number of seconds, got {value!r}")
        try:
            number = float(value) if (from_text or isinstance(value, int | float)) else None
        except ValueError:
            number = None
        if number is None or number < 0:
            raise ConfigError(f"{dotted}: expected a non-negative number of seconds, got {value!r}")
        return number
    if kind is list:
        if not isinstance(value, list):
            raise ConfigError(f"{dotted}: expected a list, got {value!r}")
        return [_coerce(f"{dotted}[{i}]", v, default[0], from_text) for i, v in enumerate(value)]
    if not isinstance(value, str):
        raise ConfigError(f"{dotted}: expected a string, got {value!r}")
    return value


def _is_window(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 2 and all(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", p.strip())
                                   for p in parts)


def _validate(values: dict[str, Any]) -> None:
    def check(ok: bool, dotted: str, msg: str) -> None:
        if not ok:
            raise ConfigError(f"{dotted}: {msg}")

    check(
        values["currency"] in CURRENCY_EXPONENTS,
        "currency",
        f"unknown ISO 4217 code {values['currency']!r} "
        f"(known: {', '.join(sorted(CURRENCY_EXPONENTS))})",
    )
    check(
        values["locale"] in LOCALES,
        "locale",
        f"must be one of {', '.join(LOCALES)}, got {values['locale']!r}",
    )
    check(bool(values["kiosk_id"].strip()), "kiosk_id", "must not be empty")
    url = values["server"]["url"]
    check(
        url.startswith(("http://", "https://")),
        "server.url",
        f"must start with http:// or https://, got {url!r}",
    )
    check(values["server"]["sync_batch_size"] > 0, "server.sync_batch_size", "must be positive")
    update = values["update"]
    check(update["max_boots"] >= 1, "update.max_boots", "must be at least 1")
    check(update["check_interval_s"] >= 60, "update.check_interval_s", "must be at least 60")
    quiet = update["quiet_hours"]
    check(not quiet or _is_window(quiet), "update.quiet_hours",
          f"must look like 02:00-05:00 (or be empty), got {quiet!r}")
    for dev, allowed in (
        ("bill_validator", BILL_PROTOCOLS),
        ("card_terminal", CARD_PROTOCOLS),
        ("printer", PRINTER_PROTOCOLS),
        ("scanner", SCANNER_PROTOCOLS),
    ):
        proto = values["devices"][dev]["protocol"]
        check(
            proto in allowed,
            f"devices.{dev}.protocol",
            f"must be one of {', '.join(allowed)}, got {proto!r}",
        )
    for key, amount in values["limits"].items():
        amounts = amount if isinstance(amount, list) else [amount]
        for a in amounts:
            check(a > 0, f"limits.{key}", f"must be a positive amount in minor units, got {a!r}")
    fees = values["fees"]
    for key, top in (("topup_fixed", None), ("topup_percent_bp", 10000),
                     ("topup_commission_bp", 10000)):
        amount = fees[key]
        check(amount >= 0, f"fees.{key}", f"must not be negative, got {amount!r}")
        check(top is None or amount <= top, f"fees.{key}",
              f"must be at most {top} basis points, got {amount!r}")
    check(
        not (fees["topup_fixed"] and fees["topup_percent_bp"]),
        "fees.topup_percent_bp",
        "set either fees.topup_fixed or fees.topup_percent_bp, not both",
    )
    for dotted in ("timeouts.escrow_s", "timeouts.card_abort_s", "timeouts.escrow_settle_s",
                   "devices.card_terminal.ack_timeout_s", "devices.printer.status_timeout_s"):
        section, _, leaf = dotted.rpartition(".")
        node = values
        for part in section.split("."):
            node = node[part]
        check(node[leaf] > 0, dotted, f"must be more than 0 seconds, got {node[leaf]!r}")
    cut = values["maintenance"]["business_day_cutover"]
    hh, _, mm = cut.partition(":")
    check(
        hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60 and len(mm) == 2,
        "maintenance.business_day_cutover",
        f"expected HH:MM, got {cut!r}",
    )
    check(
        values["ui"]["orientation"] in ("portrait", "landscape"),
        "ui.orientation",
        f"must be portrait or landscape, got {values['ui']['orientation']!r}",
    )


def _mask(node: dict[str, Any]) -> dict[str, Any]:
    for key, value in node.items():
        if isinstance(value, dict):
            _mask(value)
        elif key in SECRET_KEYS or key.endswith(("_secret", "_password", "_token")):
            node[key] = "***"
    return node


def _to_toml(values: Mapping[str, Any], prefix: str = "") -> str:
    return "\n\n".join(_toml_blocks(values, prefix)) + "\n"


def _toml_blocks(values: Mapping[str, Any], prefix: str) -> list[str]:
    """One block per table: its header (if any) and scalar keys, then its sub-tables."""
    scalars = [f"{k} = {_toml_value(v)}" for k, v in values.items() if not isinstance(v, Mapping)]
    blocks = []
    if scalars:
        header = [f"[{prefix.rstrip('.')}]"] if prefix else []
        blocks.append("\n".join(header + scalars))
    for key, value in values.items():
        if isinstance(value, Mapping):
            blocks.extend(_toml_blocks(value, f"{prefix}{key}."))
    return blocks


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

"""Back-office settings: cookie policy, timeouts, lockout and alarm thresholds.

Defaults suit production; tests and the demo pass their own. ``from_env`` reads the few
settings an operator changes at deployment (``KIOSK_BACKOFFICE_*``), because the central
server's ``create_app`` has no settings file of its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class BackofficeConfig:
    # "auto": Secure cookies when the request came over https (directly or, with uvicorn's
    # --proxy-headers, through a TLS proxy); "on"/"off" force it (tests run over http).
    cookie_secure: str = "auto"
    idle_timeout_s: int = 15 * 60        # idle logout
    session_max_s: int = 12 * 3600       # absolute session lifetime
    max_failed_logins: int = 5           # consecutive failures before a lockout
    lockout_s: int = 15 * 60
    # Fleet state from the last heartbeat's age (the kiosk beats every 60 s).
    stale_after_s: int = 180
    offline_after_s: int = 900
    # Alarms: evaluated when a page is served, at most every eval_interval_s.
    eval_interval_s: int = 10
    heartbeat_fresh_s: int = 90          # a stale alarm clears below this age ...
    clear_hold_s: int = 120              # ... held this long (hysteresis)
    cassette_capacity: int = 1000        # notes, when the heartbeat does not say
    cassette_raise_pct: int = 90
    cassette_clear_pct: int = 80
    backlog_raise_age_s: int = 900       # oldest unsent record older than this: alarm
    backlog_raise_pending: int = 200
    backlog_clear_age_s: int = 300
    # Public receipt check: requests per minute per client address.
    check_rate_per_min: int = 30
    # Password hashing is argon2id with argon2-cffi's defaults (RFC 9106's second
    # recommendation: t=3, m=64 MiB, p=4), ~0.1 s a hash on purpose. 1 = a cheap
    # profile for test suites only (KIOSK_BACKOFFICE_TEST_FAST_KDF=1, set by
    # tests/central/conftest.py): it never belongs in a deployment, and the server
    # logs a warning whenever it is on.
    test_fast_kdf: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BackofficeConfig:
        """Defaults overridden by ``KIOSK_BACKOFFICE_<FIELD>`` (e.g. ``..._COOKIE_SECURE=on``)."""
        env = os.environ if env is None else env
        changes: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"KIOSK_BACKOFFICE_{f.name.upper()}")
            if raw is None:
                continue
            if f.name == "cookie_secure":
                if raw not in ("auto", "on", "off"):
                    raise ValueError("KIOSK_BACKOFFICE_COOKIE_SECURE must be auto, on or off")
                changes[f.name] = raw
            else:
                try:
                    changes[f.name] = int(raw)
                except ValueError:
                    raise ValueError(f"KIOSK_BACKOFFICE_{f.name.upper()} must be an integer, "
                                     f"got {raw!r}") from None
        return replace(cls(), **changes)  # type: ignore[arg-type]

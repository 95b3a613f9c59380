"""The kiosk application: payment sessions, ledger, settlement, staff, remote, runtime.

Sits between the customer UI (``ui``) and the hardware/storage layers (``devices``,
``offline_queue``), and imports no Qt, so every rule here is testable headless. Inside,
one folder per concern, layered (import-linter contracts in pyproject.toml)::

    runtime/     the running kiosk: Runtime (wires everything), devices from config, watchdog
    payment/     KioskCore (what the UI calls), the session state machine, card flow, receipts
    staff/       maintenance service, users and roles, service state, cash collection
    settlement/  signed settlement batches, their totals, the Ed25519 key
    ledger/      transactions, notes, vouchers and audit in the journal; start-up recovery
    remote/      the server's query API client, command poller, heartbeat
    rules/       pure: money, fees, limits, biller catalog and check digits, voucher codes

``config``, ``errors`` and ``logs`` are shared by all of them. The names below are the
small public surface; they load on first use, so ``import kiosk`` stays cheap (``kiosk
run`` paints its first screen before the rest of the application is imported).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "KioskCore",
    "KioskError",
    "Money",
    "MoneyError",
    "Runtime",
    "__version__",
    "load_config",
]

if TYPE_CHECKING:
    from kiosk.config import Config, ConfigError
    from kiosk.config import load as load_config
    from kiosk.errors import KioskError
    from kiosk.payment.core import KioskCore
    from kiosk.rules.money import Money, MoneyError
    from kiosk.runtime.runtime import Runtime


def __getattr__(name: str) -> Any:
    """The surface, imported on first use (plain imports; PEP 562)."""
    if name in ("Config", "ConfigError", "load_config"):
        from kiosk import config

        return {"Config": config.Config, "ConfigError": config.ConfigError,
                "load_config": config.load}[name]
    if name == "KioskError":
        from kiosk.errors import KioskError

        return KioskError
    if name in ("Money", "MoneyError"):
        from kiosk.rules import money

        return getattr(money, name)
    if name == "KioskCore":
        from kiosk.payment.core import KioskCore

        return KioskCore
    if name == "Runtime":
        from kiosk.runtime.runtime import Runtime

        return Runtime
    raise AttributeError(f"module 'kiosk' has no attribute {name!r}")

"""What each server command does on the kiosk (contracts section 5).

Kept apart from the poller so the poller stays transport only and the UI/CLI can run
the same handlers. Every handler is audited as user ``server``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.errors import KioskError
from kiosk.ledger.audit import SERVER_USER, Auditor
from kiosk.remote.commands import Handler
from kiosk.settlement.batches import Settlement
from kiosk.staff.service_state import ServiceState


def batch_numbers(settlement: Settlement, args: dict[str, Any]) -> list[int]:
    """Batches named by ``batch_no`` (int or text), ``batch_nos``, a period
    (``period_start``/``period_end`` or ``from``/``to``) or a business ``date``."""
    if "batch_no" in args:
        return [int(args["batch_no"])]
    if "batch_nos" in args:
        return [int(n) for n in args["batch_nos"]]
    start = args.get("period_start", args.get("from"))
    end = args.get("period_end", args.get("to"))
    if "date" in args:
        start, end = f"{args['date']}T00:00:00", f"{args['date']}T23:59:59.999999"
    if start and end:
        found = settlement.find(str(start), str(end))
        if not found:
            raise KioskError(f"no settlement batch in {start} .. {end}")
        return found
    raise KioskError("upload-settlement needs batch_no, batch_nos, period_start/period_end "
                     "or date")


def standard_handlers(*, settlement: Settlement, service_state: ServiceState,
                      auditor: Auditor, kick_sync: Callable[[], None],
                      reload_config: Callable[[], Any] | None = None) -> dict[str, Handler]:
    def force_sync(args: dict[str, Any]) -> Any:
        auditor.record(SERVER_USER, SERVER_USER, "command.force-sync")
        kick_sync()
        return {"kicked": True}

    def upload(args: dict[str, Any]) -> Any:
        queued = settlement.request_upload(batch_numbers(settlement, args))
        auditor.record(SERVER_USER, SERVER_USER, "command.upload-settlement",
                       {"batches": queued})
        kick_sync()
        return {"queued": queued}

    def out_of_service(args: dict[str, Any]) -> Any:
        reason = str(args.get("reason") or "set by the server")
        service_state.set_manual(reason, by=SERVER_USER, role=SERVER_USER, source="server")
        return service_state.as_dict()

    def in_service(args: dict[str, Any]) -> Any:
        service_state.clear_manual(by=SERVER_USER, role=SERVER_USER, source="server")
        return service_state.as_dict()

    def reload(args: dict[str, Any]) -> Any:
        if reload_config is None:
            raise KioskError("this kiosk process cannot reload its configuration")
        auditor.record(SERVER_USER, SERVER_USER, "command.reload-config")
        return reload_config()

    return {"force-sync": force_sync, "upload-settlement": upload,
            "out-of-service": out_of_service, "in-service": in_service,
            "reload-config": reload}

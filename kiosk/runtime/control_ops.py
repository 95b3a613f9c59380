"""What the running kiosk answers on its control socket (``kiosk maint`` from a shell).

Every operation is a maintenance action: the request carries ``user`` and ``pin``, which
go through ``MaintenanceService.session_for`` (the screen's PIN check, lockout, role
table and audit, logged out again after the one request) so a shell is no back door
and does not end a technician's session on the screen. Refusals are answered with a
``kind`` the CLI turns into its exit status and words:

- ``login``: wrong PIN or locked (``tries_left``, ``locked_until`` as the screen uses);
- ``denied``: the role may not do it;
- ``busy``: a device test while a customer is paying (it would enable or print under
  them; the screen's maintenance entry is closed then too);
- ``request``: a malformed request;
- ``starting``: the kiosk has not built its maintenance side yet.

Handlers run on the control socket's threads, never the GUI thread; the maintenance
service and the drivers are thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kiosk.errors import KioskError
from kiosk.runtime.control_socket import Handler, Refused
from kiosk.staff.maintenance import MaintenanceService, PermissionDenied, StaffSession
from kiosk.staff.users import AuthError

VIA = "control socket"
#: A card terminal's registration or a test page can take a while; the CLI waits this.
DEVICE_TEST_TIMEOUT_S = 60.0


Maintenance = Callable[[], MaintenanceService | None]


def control_handlers(maint: Maintenance, customer_busy: Callable[[], bool]
                     ) -> dict[str, Handler]:
    """The operations: ``diagnostics``, ``device_test`` (``device``, ``action``),
    ``out_of_service`` (``reason``), ``in_service``, ``expected_cash`` and ``collect``
    (``counted``: {denomination: notes}, or null for "as expected").

    ``maint`` returns the service once built (the socket opens first of all, so a
    second kiosk on the same data directory is refused before it opens anything)."""

    def diagnostics(request: dict[str, Any]) -> dict[str, Any]:
        with _session(maint, request) as session:
            return {"diagnostics": session.diagnostics()}

    def device_test(request: dict[str, Any]) -> dict[str, Any]:
        device, action = request.get("device"), request.get("action")
        if not isinstance(device, str) or not isinstance(action, str):
            raise Refused("a device test needs \"device\" and \"action\"", kind="request")
        with _session(maint, request) as session:
            if customer_busy():
                raise Refused("a customer is paying; test the devices when the kiosk is "
                              "idle or out of service", kind="busy")
            return {"device": device, "action": action,
                    "result": session.test_device(device, action)}

    def out_of_service(request: dict[str, Any]) -> dict[str, Any]:
        reason = request.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise Refused("out of service needs a \"reason\"", kind="request")
        with _session(maint, request) as session:
            return {"service": session.set_out_of_service(reason.strip())}

    def in_service(request: dict[str, Any]) -> dict[str, Any]:
        with _session(maint, request) as session:
            return {"service": session.clear_out_of_service()}

    def expected_cash(request: dict[str, Any]) -> dict[str, Any]:
        with _session(maint, request) as session:
            return {"expected": session.expected_cash()}

    def collect(request: dict[str, Any]) -> dict[str, Any]:
        counted = request.get("counted")
        if counted is not None and not isinstance(counted, dict):
            raise Refused("\"counted\" is {denomination: notes} or null (as expected)",
                          kind="request")
        with _session(maint, request) as session:
            if customer_busy():
                raise Refused("a customer is paying; collect the cash when the kiosk is "
                              "idle or out of service", kind="busy")
            try:
                result = session.collect(counted)
            except KioskError as exc:  # a bad count, an open transaction
                raise Refused(str(exc), kind="request") from exc
            return {"record": result.record,
                    "report": [result.report.title, *result.report.lines]}

    return {"diagnostics": diagnostics, "device_test": device_test,
            "out_of_service": out_of_service, "in_service": in_service,
            "expected_cash": expected_cash, "collect": collect}


@contextmanager
def _session(maint: Maintenance, request: dict[str, Any]) -> Iterator[StaffSession]:
    user, pin = request.get("user"), request.get("pin")
    if not isinstance(user, str) or not isinstance(pin, str):
        raise Refused("log in with \"user\" and \"pin\"", kind="request")
    service = maint()
    if service is None:
        raise Refused("the kiosk is still starting; try again in a moment", kind="starting")
    try:
        with service.session_for(user, pin, via=VIA) as session:
            yield session
    except AuthError as exc:
        raise Refused(str(exc), kind="login", tries_left=exc.tries_left,
                      locked_until=exc.locked_until) from exc
    except PermissionDenied as exc:
        raise Refused(str(exc), kind="denied") from exc


"""Maintenance mode: one logged-in person at a time, a role check on every action.

The UI's maintenance screens and ``kiosk maint`` both drive this one service, so the
rules live in one place: who may do what (``PERMISSIONS``), idle logout after
``idle_logout_s`` without a ``touch()``, and an audit line for every action, refusals
included. Collecting cash is the collector's job alone (an admin or technician cannot
also count the cash they could take: separation of duties).

Public API (for the UI; everything else is internal)::

    login(name, pin) -> User            logout()            current_user() -> User | None
    touch()                              allowed(action) -> bool
    diagnostics() -> dict                test_device(device, action) -> dict
    set_out_of_service(reason)           clear_out_of_service()
    expected_cash() -> dict[str, int]    collect(counted) -> CollectionResult
    close_settlement() -> dict           export_logs(out=None) -> Path
    add_user(name, role, pin) -> User    list_users() -> list[dict]
    recent_audit(limit=50) -> list[dict] check_devices()   service_state (attribute)
    session_for(name, pin, via=...) -> context manager of a one-request ``StaffSession``

Raises ``NotLoggedIn`` (no session or idle-expired) and ``PermissionDenied`` (role);
both are ``MaintenanceError``, a ``KioskError``.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.errors import KioskError
from kiosk.ledger.audit import Auditor
from kiosk.logs import export_logs
from kiosk.settlement.batches import Settlement
from kiosk.staff.cash_collection import CashCollection, CollectionResult
from kiosk.staff.device_tests import device_fault, run_device_test
from kiosk.staff.service_state import ServiceState
from kiosk.staff.users import Role, User, UserStore
from offline_queue import Store

T, C, A = Role.TECHNICIAN, Role.COLLECTOR, Role.ADMIN
PERMISSIONS: dict[str, frozenset[Role]] = {
    "diagnostics": frozenset({T, A}),
    "device_test": frozenset({T, A}),
    "logs": frozenset({T, A}),
    "out_of_service": frozenset({T, A}),
    "cash_collection": frozenset({C}),
    "settlement": frozenset({T, A, C}),
    "users": frozenset({A}),
    "config": frozenset({A}),
}


class MaintenanceError(KioskError):
    """Root of maintenance refusals; nothing was changed."""


class NotLoggedIn(MaintenanceError):
    """No maintenance session, or it ended after the idle timeout."""


class PermissionDenied(MaintenanceError):
    """The logged-in user's role may not perform this action."""


class StaffSession:
    """One request's login from outside the screen (the control socket): the same PIN
    check, lockout, role table and audit as ``login``, but its own user, so a shell
    command neither ends the technician's session on the screen nor runs as whoever
    logged in there a moment before. Made by ``MaintenanceService.session_for``."""

    def __init__(self, service: MaintenanceService, user: User) -> None:
        self._service = service
        self.user = user

    def diagnostics(self) -> dict[str, Any]:
        return self._service._diagnostics(self._service._permit(self.user, "diagnostics"))

    def test_device(self, device: str, action: str) -> dict[str, Any]:
        return self._service._test_device(self._service._permit(self.user, "device_test"),
                                          device, action)

    def set_out_of_service(self, reason: str) -> dict[str, Any]:
        """The screen's out-of-service, on the running kiosk's own service state (a
        store write from a shell would not reach the kiosk's tiles or its heartbeat)."""
        user = self._service._permit(self.user, "out_of_service")
        self._service.service_state.set_manual(reason, by=user.name, role=user.role.value,
                                               source="technician")
        return self._service.service_state.as_dict()

    def clear_out_of_service(self) -> dict[str, Any]:
        user = self._service._permit(self.user, "out_of_service")
        self._service.service_state.clear_manual(by=user.name, role=user.role.value,
                                                 source="technician")
        return self._service.service_state.as_dict()

    def expected_cash(self) -> dict[str, int]:
        self._service._permit(self.user, "cash_collection")
        return self._service._collection.expected()

    def collect(self, counted: Mapping[Any, int] | None) -> CollectionResult:
        """A collection as the screen makes it; ``None``: as expected (counted = expected)."""
        user = self._service._permit(self.user, "cash_collection")
        collection = self._service._collection
        return collection.collect(user, collection.expected() if counted is None else counted)


class MaintenanceService:
    def __init__(self, store: Store, *, users: UserStore, auditor: Auditor,
                 service_state: ServiceState, settlement: Settlement,
                 collection: CashCollection, data_dir: Path,
                 devices: Mapping[str, Any] | None = None,
                 required: frozenset[str] = frozenset(),
                 server_status: Callable[[], dict[str, Any]] | None = None,
                 clock: Callable[[], float], idle_logout_s: float = 120.0) -> None:
        self._store = store
        self._users = users
        self._audit = auditor
        self.service_state = service_state
        self._settlement = settlement
        self._collection = collection
        self._data_dir = Path(data_dir)
        self.devices = dict(devices or {})
        self.required = required
        self._server_status = server_status
        self._clock = clock
        self.idle_logout_s = idle_logout_s
        self._lock = threading.RLock()
        self._user: User | None = None
        self._last_activity = 0.0

    # -- session ----------------------------------------------------------------------
    def login(self, name: str, pin: str) -> User:
        """Start a session (replacing any other); AuthError on a wrong PIN or lockout."""
        return self._start(self._users.authenticate(name, pin))

    def login_number(self, staff_no: str, pin: str) -> User:
        """The kiosk's login: staff number and PIN (the screen never lists user names)."""
        return self._start(self._users.authenticate_number(staff_no, pin))

    def _start(self, user: User) -> User:
        with self._lock:
            if self._user is not None and self._user != user:
                self._audit.record(self._user.name, self._user.role.value, "logout.replaced")
            self._user, self._last_activity = user, self._clock()
        return user

    def logout(self) -> None:
        with self._lock:
            user, self._user = self._user, None
        if user is not None:
            self._audit.record(user.name, user.role.value, "logout")

    def current_user(self) -> User | None:
        """The logged-in user, ending the session first if it has been idle too long."""
        with self._lock:
            user = self._user
            if user is not None and self._clock() - self._last_activity > self.idle_logout_s:
                self._user = None
                self._audit.record(user.name, user.role.value, "logout.idle",
                                   {"idle_s": self.idle_logout_s})
                return None
            return user

    def touch(self) -> None:
        """Any tap on a maintenance screen: keeps the session alive."""
        with self._lock:
            if self.current_user() is not None:
                self._last_activity = self._clock()

    def allowed(self, action: str) -> bool:
        user = self.current_user()
        return user is not None and user.role in PERMISSIONS[action]

    @contextlib.contextmanager
    def session_for(self, name: str, pin: str, *, via: str) -> Iterator[StaffSession]:
        """Log ``name`` in for one request and out again (both audited, ``via`` saying
        from where); AuthError on a wrong PIN or lockout, exactly as ``login``."""
        user = self._users.authenticate(name, pin)
        try:
            yield StaffSession(self, user)
        finally:
            self._audit.record(user.name, user.role.value, "logout", {"via": via})

    def _authorize(self, action: str) -> User:
        user = self.current_user()
        if user is None:
            raise NotLoggedIn("log in first (or the session ended after being idle)")
        self._permit(user, action)
        self.touch()
        return user

    def _permit(self, user: User, action: str) -> User:
        if user.role not in PERMISSIONS[action]:
            self._audit.record(user.name, user.role.value, "denied", {"action": action})
            raise PermissionDenied(f"role {user.role.value} may not do {action}")
        return user

    # -- technician -------------------------------------------------------------------
    def diagnostics(self) -> dict[str, Any]:
        return self._diagnostics(self._authorize("diagnostics"))

    def _diagnostics(self, user: User) -> dict[str, Any]:
        report = self.collect_status()
        self._audit.record(user.name, user.role.value, "diagnostics")
        return report

    def collect_status(self) -> dict[str, Any]:
        """Diagnostics without a session: also the heartbeat's source (no card data)."""
        devices = {}
        for name, dev in self.devices.items():
            try:
                diag = dict(dev.diagnostics())
            except Exception as exc:  # a broken driver must not break diagnostics
                diag = {"error": f"{type(exc).__name__}: {exc}"}
            devices[name] = {"required": name in self.required, "fault": device_fault(diag),
                             **diag}
        usage = shutil.disk_usage(self._data_dir if self._data_dir.exists() else "/")
        batches = self._settlement.batches()
        return {"version": __version__, "service": self.service_state.as_dict(),
                "devices": devices, "queue": self._store.status().as_dict(),
                "server": self._server_status() if self._server_status else {"known": False},
                "disk": {"path": str(self._data_dir), "total": usage.total, "free": usage.free,
                         "free_pct": round(100 * usage.free / usage.total, 1)
                         if usage.total else None},
                "cassette": self._collection.expected(),
                "last_batch": batches[-1] if batches else None}

    def check_devices(self) -> None:
        """Required devices with a fault take the kiosk out of service, and back."""
        for name in self.required:
            dev = self.devices.get(name)
            try:
                fault = "not configured" if dev is None else device_fault(dev.diagnostics())
            except Exception as exc:
                fault = f"diagnostics failed: {exc}"
            self.service_state.set_condition(f"device:{name}", fault)

    def test_device(self, device: str, action: str) -> dict[str, Any]:
        return self._test_device(self._authorize("device_test"), device, action)

    def _test_device(self, user: User, device: str, action: str) -> dict[str, Any]:
        result = run_device_test(self.devices.get(device), device, action)
        self._audit.record(user.name, user.role.value, "device.test",
                           {"device": device, "action": action, "ok": result["ok"]})
        return result

    def set_out_of_service(self, reason: str) -> None:
        user = self._authorize("out_of_service")
        self.service_state.set_manual(reason, by=user.name, role=user.role.value,
                                      source="technician")

    def clear_out_of_service(self) -> None:
        user = self._authorize("out_of_service")
        self.service_state.clear_manual(by=user.name, role=user.role.value, source="technician")

    def export_logs(self, out: Path | None = None) -> Path:
        user = self._authorize("logs")
        path = export_logs(self._data_dir, out)
        self._audit.record(user.name, user.role.value, "logs.export", {"file": str(path)})
        return path

    # -- collector and settlement -----------------------------------------------------
    def expected_cash(self) -> dict[str, int]:
        self._authorize("cash_collection")
        return self._collection.expected()

    def collect(self, counted: Mapping[Any, int]) -> CollectionResult:
        user = self._authorize("cash_collection")
        return self._collection.collect(user, counted)

    def close_settlement(self) -> dict[str, Any]:
        user = self._authorize("settlement")
        with self._store.atomic() as tx:
            batch = self._settlement.close_in(tx, "manual")
            self._audit.record_in(tx, user.name, user.role.value, "settlement.close",
                                  {"batch_no": batch["batch_no"]})
        return batch

    # -- admin ------------------------------------------------------------------------
    def add_user(self, name: str, role: Role, pin: str) -> User:
        return self._users.add(name, role, pin, by=self._authorize("users"))

    def list_users(self) -> list[dict[str, object]]:
        self._authorize("users")
        return self._users.list()

    def recent_audit(self, limit: int = 50) -> list[dict[str, Any]]:
        self._authorize("logs")
        return self._audit.recent(limit)

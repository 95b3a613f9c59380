"""The sync worker: delivers outbox rows to the central server, in order, exactly once.

Delivery is at least once (a row is marked sent only after the server acknowledged it,
so a crash between the server's commit and ours resends it); the server applies each
record id at most once, which makes processing exactly once.

Reply handling, per record (the server answers ``{"results": [{"id", "status",
"code", "error"}]}``):

- ``stored`` / ``duplicate``            -> acknowledged, marked sent
- ``in_flight`` (409), 429, 5xx, missing -> stays pending, retried with backoff
- any other 4xx (e.g. 422 conflict)    -> dead letter with the server's reason

Only an authentic reply counts (money rule 10): it must carry a valid
``X-Reply-Signature`` for the nonce this request sent (``HmacAuth.authentic``), else the
attempt failed and nothing changes, whatever the status (a captive portal's 200 or 404,
a proxy's forged results). An authentic reply acknowledges only the records it has a
result for; a 2xx without per-record results acknowledges nothing. Of the authentic
replies without results, 5xx, 408, 409, 429 and 401/403 are retried (a wrong clock or
secret is a configuration fault, and dead-lettering every record would strand the day's
money); other 4xx on a multi-record batch is retried one record at a time so only the
offending record lands in the dead letters. Settlement uploads travel the same path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.auth import AuthBase

from offline_queue.auth import REPLY_HEADER
from offline_queue.backoff import next_delay, parse_retry_after
from offline_queue.faults import OfflineQueueError
from offline_queue.records import OutboxRow, SyncStatus
from offline_queue.store import Store

log = logging.getLogger(__name__)

RETRY_STATUSES = {401, 403, 408, 409, 425, 429}
ACK_STATUSES = {"stored", "duplicate"}

Listener = Callable[[SyncStatus], None]


@dataclass
class _Outcome:
    acked: int = 0
    failed: bool = False
    retry_after: float | None = None
    errors: list[str] = field(default_factory=list)


class SyncWorker:
    """One background thread per store; ``sync_once`` is the same pass, synchronously."""

    def __init__(self, store: Store, base_url: str, auth: AuthBase, *, kiosk_id: str | None = None,
                 batch_size: int = 100, connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 backoff_base: float = 0.5, backoff_cap: float = 60.0,
                 idle_interval: float = 5.0, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time,
                 session: requests.Session | None = None) -> None:
        self.store = store
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.kiosk_id = kiosk_id or str(getattr(auth, "kiosk_id", ""))
        self.batch_size = max(1, batch_size)
        self.timeout = (connect_timeout, read_timeout)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.idle_interval = idle_interval
        self._rng = rng or random.Random()
        self._clock = clock
        self._wall = wall_clock
        self._session = session or requests.Session()
        self._own_session = session is None
        self._listeners: list[Listener] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pass_lock = threading.Lock()
        self.failures = 0
        self.next_attempt_at: float | None = None
        self.last_error: str | None = None

    # -- thread control -------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        """``fn(status)`` runs on the worker thread after every pass."""
        self._listeners.append(fn)

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to finish its request and exit; True when it has."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
            alive = self._thread.is_alive()
        else:
            alive = False
        if not alive and self._own_session:
            self._session.close()
        return not alive

    def kick(self) -> None:
        """Sync now (force-sync command, or a new record was enqueued)."""
        self.next_attempt_at = None
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.sync_once()
            except Exception as exc:  # the thread must survive anything; report it
                log.exception("sync pass failed")
                self.last_error = f"{type(exc).__name__}: {exc}"
                self.failures += 1
                self.next_attempt_at = self._clock() + next_delay(
                    self.failures, self.backoff_base, self.backoff_cap, self._rng, None)
            if self.next_attempt_at is not None:
                delay = max(0.0, self.next_attempt_at - self._clock())
            else:
                delay = self.idle_interval
            self._wake.wait(delay)

    # -- one pass -------------------------------------------------------------------
    def sync_once(self) -> int:
        """Deliver until the queue is empty or an attempt fails; returns records acked."""
        delivered = 0
        with self._pass_lock:
            while not self._stop.is_set():
                batch = self.store.next_batch(self.batch_size)
                if not batch:
                    self.failures = 0
                    self.next_attempt_at = None
                    break
                outcome = self._deliver(batch)
                delivered += outcome.acked
                if outcome.failed:
                    self.failures += 1
                    self.last_error = "; ".join(outcome.errors)[:500] or "delivery failed"
                    self.next_attempt_at = self._clock() + next_delay(
                        self.failures, self.backoff_base, self.backoff_cap, self._rng,
                        outcome.retry_after)
                    break
                self.failures = 0
                self.next_attempt_at = None
        self._notify()
        return delivered

    def status(self) -> SyncStatus:
        """The store's status plus this worker's retry state."""
        st = self.store.status()
        st.extra.update({
            "consecutive_failures": self.failures,
            "next_attempt_in_s": None if self.next_attempt_at is None
            else max(0.0, self.next_attempt_at - self._clock()),
            "running": bool(self._thread and self._thread.is_alive()),
        })
        return st

    def _notify(self) -> None:
        if not self._listeners:
            return
        try:
            st = self.status()
        except OfflineQueueError:
            return
        for fn in list(self._listeners):
            with contextlib.suppress(Exception):
                fn(st)

    # -- delivery -------------------------------------------------------------------
    def _envelope(self, row: OutboxRow) -> dict[str, Any]:
        return {"id": row.record_id, "type": row.record_type, "kiosk_id": self.kiosk_id,
                "created_at": row.created_at, "data": row.data}

    def _deliver(self, batch: list[OutboxRow]) -> _Outcome:
        ids = [r.record_id for r in batch]
        body = json.dumps({"records": [self._envelope(r) for r in batch]},
                          ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json",
                   "Idempotency-Key": hashlib.sha256(",".join(ids).encode()).hexdigest()}
        try:
            resp = self._session.post(self.base_url + batch[0].endpoint, data=body,
                                      headers=headers, auth=self.auth, timeout=self.timeout)
            payload = _json_or_none(resp)
        except requests.RequestException as exc:
            return self._fail(batch, f"{type(exc).__name__}: {exc}", None)
        retry_after = parse_retry_after(resp.headers.get("Retry-After"), self._wall)
        results = payload.get("results") if isinstance(payload, dict) else None
        if resp.status_code >= 500 or resp.status_code == 429:
            return self._fail(batch, f"HTTP {resp.status_code}: {_reason(payload, resp)}",
                              retry_after)
        if not self._authentic(resp):
            if resp.status_code == 413 and len(batch) > 1:
                return self._one_by_one(batch)
            return self._fail(batch, f"HTTP {resp.status_code}: reply not authentic (no valid"
                                     f" {REPLY_HEADER}): {_reason(payload, resp)[:200]}",
                              retry_after)
        if isinstance(results, list):
            return self._apply_results(batch, results, retry_after)
        if resp.status_code in RETRY_STATUSES or resp.status_code < 400:
            return self._fail(batch, f"HTTP {resp.status_code}: {_reason(payload, resp)}",
                              retry_after)
        if len(batch) > 1:  # find the offending record instead of condemning the batch
            total = _Outcome()
            for row in batch:
                one = self._deliver([row])
                total.acked += one.acked
                if one.failed:
                    return _Outcome(total.acked, True, one.retry_after, one.errors)
            return total
        self.store.dead_letter(batch[0], resp.status_code, _reason(payload, resp))
        return _Outcome()

    def _one_by_one(self, batch: list[OutboxRow]) -> _Outcome:
        """An unauthenticated 413 (the body limit answers before authentication): send
        each record alone, so one oversized record cannot hold back the others; it stays
        pending (an unsigned refusal is never a reason to dead-letter)."""
        total = _Outcome()
        for row in batch:
            one = self._deliver([row])
            total.acked += one.acked
            if one.failed:
                total.failed, total.errors = True, total.errors + one.errors
        return total

    def _authentic(self, resp: requests.Response) -> bool:
        check = getattr(self.auth, "authentic", None)
        return bool(check(resp)) if callable(check) else False

    def _apply_results(self, batch: list[OutboxRow], results: list[Any],
                       retry_after: float | None) -> _Outcome:
        by_id = {str(r.get("id")): r for r in results if isinstance(r, dict)}
        acked: list[int] = []
        pending: list[OutboxRow] = []
        errors: list[str] = []
        for row in batch:
            res = by_id.get(row.record_id)
            status = str(res.get("status")) if res else "missing"
            code = res.get("code") if res else None
            code = code if isinstance(code, int) else 0
            if status in ACK_STATUSES:
                acked.append(row.id)
            elif res is None or status == "in_flight" or code in RETRY_STATUSES or code >= 500:
                pending.append(row)
                errors.append(f"{row.record_id}: {status}")
            else:
                reason = str(res.get("error") or status)
                self.store.dead_letter(row, code or None, reason)
        self.store.mark_sent(acked)
        if pending:
            self.store.note_failure([r.id for r in pending], "; ".join(errors)[:500])
            return _Outcome(len(acked), True, retry_after, errors)
        return _Outcome(len(acked))

    def _fail(self, batch: list[OutboxRow], error: str, retry_after: float | None) -> _Outcome:
        self.store.note_failure([r.id for r in batch], error[:500])
        return _Outcome(0, True, retry_after, [error])


def _json_or_none(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _reason(payload: Any, resp: requests.Response) -> str:
    """The server's reason as one line: ``error: detail`` from a JSON body, else the text."""
    if isinstance(payload, dict):
        parts = [payload[k] if isinstance(payload[k], str)
                 else json.dumps(payload[k], ensure_ascii=False)
                 for k in ("error", "detail", "message") if payload.get(k)]
        if parts:
            return ": ".join(dict.fromkeys(parts))[:500]
    return (resp.text or resp.reason or f"HTTP {resp.status_code}")[:500]

"""The kiosk's client for the central server's query API and online card confirmation.

Why its own client (the sync worker already talks to the server): queries are
interactive, so they get short timeouts and typed answers the UI can explain, and every
call tells us whether the server is reachable right now (``online``), which decides
whether card, queries and bill inquiry are offered at all. Store-and-forward traffic
stays with ``offline_queue.SyncWorker``.

Errors: network trouble, timeouts and 5xx raise ``ServerUnavailable`` (retry-safe) and
mark the client offline; 4xx raise ``ServerRejected``; a reply that is not the documented
JSON raises ``MalformedReply``. Nothing else escapes.

Every reply must be the server's own: signed with the kiosk's secret for this request's
nonce (``X-Reply-Signature``, ``HmacAuth.authentic``); anything else is ``MalformedReply``
and does not count as reachable. Why all of them: a captive portal's or a proxy's 200
could otherwise reserve or redeem a voucher that the server never held, say a QR charge
is paid, or confirm a card transaction, and the kiosk would hand over value for it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from requests.auth import AuthBase

from kiosk.errors import MalformedReply, ServerRejected, ServerUnavailable

OnlineListener = Callable[[bool], None]
ACK = ("stored", "duplicate")
#: ``POST /v1/vouchers/balance`` states (docs/protocols.md).
VOUCHER_STATES = frozenset({"active", "reserved", "redeemed", "expired", "refund_pending",
                            "refunded"})


@dataclass(frozen=True)
class BillInfo:
    biller: str
    account: str
    customer_name_masked: str
    amount_due: int
    currency: str
    due_date: str
    bill_id: str


@dataclass(frozen=True)
class MobileInfo:
    msisdn: str
    operator: str
    topup_allowed: bool
    balance: int | None


class ServerClient:
    def __init__(self, base_url: str, auth: AuthBase | None, *, kiosk_id: str,
                 connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._auth = auth
        self._timeout = (connect_timeout, read_timeout)
        self._session = session or requests.Session()
        self._lock = threading.Lock()
        self._online: bool | None = None  # None: not asked yet
        self._listeners: list[OnlineListener] = []

    # -- reachability ---------------------------------------------------------------
    @property
    def online(self) -> bool:
        """Last known reachability (False until a call succeeded)."""
        return bool(self._online)

    def add_listener(self, fn: OnlineListener) -> None:
        self._listeners.append(fn)

    def set_online(self, online: bool) -> None:
        with self._lock:
            changed = self._online != online
            self._online = online
        if changed:
            for fn in list(self._listeners):
                fn(online)

    def probe(self) -> bool:
        """Ask the server something cheap; updates and returns ``online``."""
        try:
            self._request("GET", "/v1/billers")
        except (ServerUnavailable, MalformedReply):
            return False
        except ServerRejected:
            return self.online  # reachable; the request itself was refused
        return True

    # -- transport ------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None) -> Any:
        """The reply's JSON; a reply without the server's valid ``X-Reply-Signature`` is
        ``MalformedReply`` (checked when the auth can check it: ``HmacAuth.authentic``)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        try:
            resp = self._session.request(method, self.base_url + path, data=data,
                                         headers=headers, auth=self._auth, timeout=self._timeout)
        except requests.RequestException as exc:
            self.set_online(False)
            raise ServerUnavailable(f"{method} {path}: {type(exc).__name__}") from exc
        check = getattr(self._auth, "authentic", None)
        if resp.status_code < 500 and check is not None and not check(resp):
            raise MalformedReply(f"{method} {path}: HTTP {resp.status_code} reply not signed "
                                 "by the server")
        if resp.status_code >= 500:
            self.set_online(False)
            raise ServerUnavailable(f"{method} {path}: HTTP {resp.status_code}")
        self.set_online(True)
        try:
            payload = resp.json()
        except ValueError as exc:
            if resp.status_code >= 400:
                raise ServerRejected(f"HTTP {resp.status_code}", resp.status_code) from exc
            raise MalformedReply(f"{method} {path}: reply is not JSON") from exc
        if resp.status_code >= 400:
            reason = payload.get("error") or payload.get("detail") if isinstance(payload, dict) \
                else None
            raise ServerRejected(str(reason or f"HTTP {resp.status_code}"), resp.status_code)
        return payload

    # -- queries --------------------------------------------------------------------
    def billers(self) -> dict[str, Any]:
        """The raw catalog reply (``kiosk.rules.catalog.Catalog.update`` checks its shape)."""
        body = self._request("GET", "/v1/billers")
        if not isinstance(body, dict):
            raise MalformedReply("billers reply is not an object")
        return body

    def bill(self, biller: str, account: str) -> BillInfo:
        """The open bill; ``ServerRejected`` (404) for an unknown account."""
        body = self._request("GET", f"/v1/bills/{quote(biller, safe='')}/{quote(account, safe='')}")
        try:
            due = body["amount_due"]
            if type(due) is not int or due < 0:
                raise ValueError(f"amount_due must be a non-negative int, got {due!r}")
            return BillInfo(str(body.get("biller", biller)), str(body.get("account", account)),
                            str(body.get("customer_name_masked", "")), due,
                            str(body.get("currency", "CNY")), str(body.get("due_date", "")),
                            str(body.get("bill_id", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MalformedReply(f"bill reply: {exc}") from exc

    def mobile(self, msisdn: str) -> MobileInfo:
        body = self._request("GET", f"/v1/mobile/{quote(msisdn, safe='')}")
        try:
            balance = body.get("balance")
            if balance is not None and type(balance) is not int:
                raise ValueError(f"balance must be an int, got {balance!r}")
            return MobileInfo(str(body["msisdn"]), str(body["operator"]),
                              bool(body.get("topup_allowed", True)), balance)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MalformedReply(f"mobile reply: {exc}") from exc

    # -- online confirmation ----------------------------------------------------------
    def confirm_transaction(self, record: dict[str, Any], created_at: str) -> None:
        """Deliver a card transaction's final record now; returns when the server has it.

        Uses the same record id (the transaction id) and payload the outbox will later
        send, so that later delivery is a harmless "duplicate". Raises ``ServerRejected``
        when the server refuses the record, ``ServerUnavailable`` when it cannot be asked.
        """
        envelope = {"id": record["transaction_id"], "type": "transaction",
                    "kiosk_id": self.kiosk_id, "created_at": created_at, "data": record}
        body = self._request("POST", "/v1/transactions", {"records": [envelope]})
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise MalformedReply("transactions reply has no results list")
        for res in results:
            if isinstance(res, dict) and res.get("id") == envelope["id"]:
                status = str(res.get("status"))
                if status in ACK:
                    return
                code = res.get("code")
                if status == "in_flight" or (isinstance(code, int) and code >= 500):
                    raise ServerUnavailable(f"transaction {envelope['id']}: {status}")
                raise ServerRejected(str(res.get("error") or status),
                                     code if isinstance(code, int) else 422)
        raise MalformedReply("transactions reply does not mention the record")

    # -- vouchers (the server's ledger is the authority, docs/protocols.md) -------------
    def voucher_balance(self, code: str, session_id: str | None = None) -> dict[str, Any]:
        """What the voucher holds and whether it can be spent, without holding it:
        ``{"code", "state", "balance", "currency"}``, state one of ``VOUCHER_STATES``.

        Only an authentic reply counts (the server's ``X-Reply-Signature`` for this
        request's nonce): a customer is told an amount, so a captive portal's or a proxy's
        200 must not be able to invent one; such a reply is ``MalformedReply``.
        ``ServerRejected`` carries the server's error code (``unknown_voucher``,
        ``too_many_attempts``...)."""
        req: dict[str, Any] = {"code": code}
        if session_id is not None:
            req["session_id"] = session_id
        body = self._request("POST", "/v1/vouchers/balance", req)
        reply = _voucher_reply(body, "balance")
        if (reply.get("state") not in VOUCHER_STATES or reply["balance"] < 0
                or not isinstance(reply.get("currency"), str)):
            raise MalformedReply("voucher balance reply has no known state, balance, currency")
        return reply

    def reserve_voucher(self, code: str, session_id: str) -> dict[str, Any]:
        """Hold the voucher for this session; ``{"balance", "currency", "reserved_until"}``.
        ``ServerRejected`` carries the server's error code as its message
        (``unknown_voucher``, ``voucher_spent``, ``voucher_reserved``...)."""
        body = self._request("POST", "/v1/vouchers/reserve",
                             {"code": code, "session_id": session_id})
        return _voucher_reply(body, "balance")

    def redeem_voucher(self, code: str, session_id: str, redemption_id: str, amount: int,
                       transaction_id: str | None = None) -> dict[str, Any]:
        """Take ``amount`` off a voucher this session holds; idempotent by redemption id."""
        req: dict[str, Any] = {"code": code, "session_id": session_id,
                               "redemption_id": redemption_id, "amount": amount}
        if transaction_id is not None:
            req["transaction_id"] = transaction_id
        return _voucher_reply(self._request("POST", "/v1/vouchers/redeem", req), "balance")

    def release_voucher(self, code: str, session_id: str) -> bool:
        body = self._request("POST", "/v1/vouchers/release",
                             {"code": code, "session_id": session_id})
        if not isinstance(body, dict) or not isinstance(body.get("released"), bool):
            raise MalformedReply("release reply has no 'released' flag")
        return bool(body["released"])

    # -- offline allowance ------------------------------------------------------------
    def allowance(self) -> dict[str, Any]:
        """The raw signed grant ``{"allowance": {...}, "signature"}`` (the caller checks
        the signature with the kiosk's secret: ``kiosk.rules.allowance.verify``)."""
        body = self._request("GET", f"/v1/kiosks/{quote(self.kiosk_id, safe='')}/allowance")
        if not isinstance(body, dict):
            raise MalformedReply("allowance reply is not an object")
        return body


def _voucher_reply(body: Any, key: str) -> dict[str, Any]:
    if not isinstance(body, dict) or type(body.get(key)) is not int:
        raise MalformedReply(f"voucher reply has no integer {key!r}")
    return body

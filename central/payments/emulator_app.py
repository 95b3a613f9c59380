"""A WeChat-Pay-v3-style provider on 127.0.0.1, for tests and the demo.

It checks every request's ``Authorization`` signature with the merchant public key
(and the timestamp, within 5 minutes), signs every reply with its own platform key,
and sends TRANSACTION.SUCCESS notifications for native orders, signed and encrypted
with the APIv3 key, to the merchant's notify_url. Notifications wait in ``outbox``
until ``deliver()`` is called (tests decide when a notification arrives: before or
after the kiosk's query) or, with ``auto_deliver``, a thread sends them; a non-2xx
answer keeps one for the next attempt, like the provider's resend schedule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from central.payments import keys, wechat_sign
from central.payments.emulator_book import BEHAVIOURS, Book, BookError, EmuTrade
from central.payments.emulator_statement import BEIJING, render
from central.serving import InProcessServer


def _rfc3339(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts, BEIJING).isoformat(timespec="seconds") if ts else ""


class ProviderEmulator:
    def __init__(self, key_paths: dict[str, Path], *, mchid: str = "1900000109",
                 appid: str = "wxd930ea5d5a258f4f", book: Book | None = None) -> None:
        self.book = book or Book()
        self.mchid, self.appid = mchid, appid
        self.merchant_public = keys.public_key(key_paths["merchant_public_key"])
        self.platform_key = keys.private_key(key_paths["platform_key"])
        self.apiv3_key = keys.apiv3_key(key_paths["apiv3_key"])
        self.platform_serial = "PUB_KEY_ID_DEMO1"
        self.notify_urls: dict[str, str] = {}
        self.outbox: list[dict[str, Any]] = []
        self.delivered: list[tuple[str, int]] = []
        self.statement_drop: set[str] = set()
        self.statement_extra: list[list[str]] = []
        self.base_url = ""
        #: Tests start the merchant server after writing its config: send here instead.
        self.notify_override = ""
        #: Faults for the next ``faults`` requests: "down" (refused before processing),
        #: "lost_reply" (processed, then a 500), "bad_signature" (processed, reply forged).
        self.fault = ""
        self.faults = 0
        self._lock = threading.Lock()
        self.book.on_paid = self._queue_notification
        self.app = self._build()

    # -- notifications -----------------------------------------------------------------
    def _trade_json(self, t: EmuTrade) -> dict[str, Any]:
        return {"appid": self.appid, "mchid": self.mchid, "out_trade_no": t.out_trade_no,
                "transaction_id": t.provider_id, "trade_type": "NATIVE" if t.kind == "NATIVE"
                else "MICROPAY", "trade_state": t.state, "trade_state_desc": t.state,
                "success_time": _rfc3339(t.success_time),
                "amount": {"total": t.amount, "payer_total": t.amount, "currency": "CNY"}}

    def _queue_notification(self, trade: EmuTrade) -> None:
        if trade.kind != "NATIVE":
            return  # code payments are not notified: the merchant queries
        plain = json.dumps(self._trade_json(trade), ensure_ascii=False)
        body = {"id": str(uuid.uuid4()), "create_time": _rfc3339(self.book.clock()),
                "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
                "summary": "支付成功",
                "resource": {"original_type": "transaction",
                             **wechat_sign.encrypt_resource(self.apiv3_key, plain,
                                                            "transaction")}}
        with self._lock:
            self.outbox.append({"url": self.notify_override or
                                self.notify_urls.get(trade.out_trade_no, ""),
                                "body": json.dumps(body, ensure_ascii=False)})

    def deliver(self) -> list[int]:
        """Send every queued notification once; failed ones stay queued."""
        with self._lock:
            pending, self.outbox = self.outbox, []
        statuses, keep = [], []
        for item in pending:
            headers = wechat_sign.signed_headers(self.platform_key, self.platform_serial,
                                                 item["body"], int(self.book.clock()))
            try:
                status = requests.post(item["url"], data=item["body"].encode(), timeout=5,
                                       headers={**headers,
                                                "Content-Type": "application/json"}
                                       ).status_code
            except requests.RequestException:
                status = 0
            statuses.append(status)
            self.delivered.append((item["url"], status))
            if not 200 <= status < 300:
                keep.append(item)
        with self._lock:
            self.outbox[:0] = keep
        return statuses

    # -- HTTP --------------------------------------------------------------------------
    def inject(self, fault: str, times: int = 1) -> None:
        self.fault, self.faults = fault, times

    def _take_fault(self, *kinds: str) -> bool:
        if self.faults > 0 and self.fault in kinds:
            self.faults -= 1
            return True
        return False

    def _reply(self, status: int, payload: Any) -> Response:
        body = "" if payload is None else json.dumps(payload, ensure_ascii=False)
        if self._take_fault("lost_reply"):
            return Response("upstream gone", status_code=502)
        headers = wechat_sign.signed_headers(self.platform_key, self.platform_serial, body,
                                             int(self.book.clock()))
        if self._take_fault("bad_signature"):
            headers["Wechatpay-Signature"] = headers["Wechatpay-Signature"][::-1]
        if payload is None:
            return Response(status_code=status, headers=headers)
        return Response(body, status_code=status, headers=headers,
                        media_type="application/json")

    def _check(self, request: Request, body: bytes) -> None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        try:
            auth = wechat_sign.parse_authorization(request.headers.get("authorization", ""))
            if auth.mchid != self.mchid:
                raise wechat_sign.SignatureError("mchid mismatch")
            if abs(int(auth.timestamp) - self.book.clock()) > wechat_sign.MAX_SKEW_S:
                raise wechat_sign.SignatureError("timestamp off")
            wechat_sign.verify(self.merchant_public, wechat_sign.request_message(
                request.method, path, auth.timestamp, auth.nonce, body.decode()),
                auth.signature)
        except (wechat_sign.SignatureError, ValueError, UnicodeDecodeError) as exc:
            raise BookError(401, "SIGN_ERROR", str(exc)) from None

    def _build(self) -> FastAPI:
        app = FastAPI(title="payment provider emulator")
        book = self.book

        @app.exception_handler(BookError)
        async def book_error(_: Request, exc: BookError) -> Response:
            return self._reply(exc.status, {"code": exc.code, "message": exc.message})

        async def parsed(request: Request) -> dict[str, Any]:
            body = await request.body()
            self._check(request, body)
            if self._take_fault("down"):
                raise BookError(503, "SYSTEMERROR", "service unavailable")
            if not body:
                return {}
            try:
                data = json.loads(body)
            except ValueError:
                raise BookError(400, "PARAM_ERROR", "body is not JSON") from None
            if not isinstance(data, dict) or data.get("mchid", self.mchid) != self.mchid:
                raise BookError(400, "PARAM_ERROR", "bad body or mchid")
            return data

        def amount(data: dict[str, Any]) -> int:
            total = (data.get("amount") or {}).get("total")
            if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
                raise BookError(400, "PARAM_ERROR", "amount.total must be a positive int")
            return total

        @app.post("/v3/pay/transactions/codepay")
        async def codepay(request: Request) -> Response:
            data = await parsed(request)
            code = str((data.get("payer") or {}).get("auth_code", ""))
            trade = book.codepay(str(data.get("out_trade_no", "")), amount(data), code,
                                 str(data.get("description", "")))
            return self._reply(200, self._trade_json(trade))

        @app.post("/v3/pay/transactions/native")
        async def native(request: Request) -> Response:
            data = await parsed(request)
            no = str(data.get("out_trade_no", ""))
            url = book.native(no, amount(data), str(data.get("description", "")))
            self.notify_urls[no] = str(data.get("notify_url", ""))
            return self._reply(200, {"code_url": url})

        @app.get("/v3/pay/transactions/out-trade-no/{no}")
        async def query(no: str, request: Request) -> Response:
            await parsed(request)
            return self._reply(200, self._trade_json(book.query(no)))

        @app.post("/v3/pay/transactions/out-trade-no/{no}/reverse")
        async def reverse(no: str, request: Request) -> Response:
            await parsed(request)
            trade = book.reverse(no)
            return self._reply(200, {"appid": self.appid, "mchid": self.mchid,
                                     "out_trade_no": trade.out_trade_no})

        @app.post("/v3/pay/transactions/out-trade-no/{no}/close")
        async def close(no: str, request: Request) -> Response:
            await parsed(request)
            book.close(no)
            return self._reply(204, None)

        @app.post("/v3/refund/domestic/refunds")
        async def refund(request: Request) -> Response:
            data = await parsed(request)
            money = data.get("amount") or {}
            r = book.refund(str(data.get("out_trade_no", "")), str(data.get("out_refund_no")),
                            int(money.get("refund", 0)), int(money.get("total", 0)))
            return self._reply(200, {"out_refund_no": r.out_refund_no, "status": r.status,
                                     "amount": {"refund": r.amount, "currency": "CNY"}})

        @app.get("/v3/bill/tradebill")
        async def tradebill(bill_date: str, request: Request) -> Response:
            await parsed(request)
            text = self.statement_text(bill_date)
            sha1 = hashlib.sha1(text.encode()).hexdigest()  # the API names SHA1
            return self._reply(200, {"hash_type": "SHA1", "hash_value": sha1,
                                     "download_url": f"{self.base_url}/v3/billdownload/file"
                                                     f"?bill_date={bill_date}"})

        @app.get("/v3/billdownload/file")
        async def download(bill_date: str, request: Request) -> Response:
            await parsed(request)
            return PlainTextResponse(self.statement_text(bill_date))  # unsigned, as upstream

        @app.exception_handler(Exception)
        async def internal(_: Request, exc: Exception) -> Response:
            return JSONResponse({"code": "SYSTEMERROR", "message": type(exc).__name__}, 500)

        return app

    def statement_text(self, iso_date: str) -> str:
        return render(self.book, iso_date, self.appid, self.mchid,
                      frozenset(self.statement_drop), tuple(self.statement_extra))

    @contextlib.contextmanager
    def serve(self, auto_deliver_s: float = 0.0, port: int = 0) -> Iterator[str]:
        """Serve on 127.0.0.1 (a free port unless ``port``); yields the base URL."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = InProcessServer(uvicorn.Config(self.app, log_level="warning", lifespan="off",
                                                access_log=False, timeout_graceful_shutdown=1))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name="provider-emulator", daemon=True)
        thread.start()
        stop = threading.Event()
        sender = threading.Thread(target=self._auto, args=(stop, auto_deliver_s), daemon=True)
        if auto_deliver_s > 0:
            sender.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("provider emulator did not start")
                time.sleep(0.01)
            yield self.base_url
        finally:
            stop.set()
            server.stop()
            thread.join(10)
            sock.close()

    def command(self, line: str) -> str:
        """Console: ``pay ORDER_NO [late]`` (the customer pays a native order),
        ``code CODE BEHAVIOUR``, ``deliver``, ``fault down|lost_reply|bad_signature [N]``,
        ``status``."""
        words = line.split()
        verb, args = (words[0] if words else ""), words[1:]
        try:
            if verb == "pay" and args:
                trade = self.book.customer_pays(args[0], even_if_closed=args[1:] == ["late"])
                return f"{trade.out_trade_no} {trade.state}"
            if verb == "code" and len(args) == 2 and args[1] in BEHAVIOURS:
                self.book.script[args[0]] = args[1]
                return f"code ...{args[0][-4:]} -> {args[1]}"
            if verb == "deliver":
                return f"delivered {self.deliver()}"
            if verb == "fault" and args:
                self.inject(args[0], int(args[1]) if args[1:] else 1)
                return f"fault {args[0]}"
            if verb == "status":
                return " ".join(f"{t.out_trade_no}={t.state}" for t in
                                self.book.trades.values()) or "no trades"
        except (KeyError, ValueError) as exc:
            return f"error: {exc}"
        return ("commands: pay ORDER_NO [late] | code CODE " + "|".join(BEHAVIOURS) +
                " | deliver | fault down|lost_reply|bad_signature [N] | status")

    def _auto(self, stop: threading.Event, interval: float) -> None:
        while not stop.wait(interval):
            if self.outbox:
                self.deliver()

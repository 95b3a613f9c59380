"""The reference adapter: WeChat Pay API v3 (direct merchant) over HTTPS.

Every request is signed (``wechat_sign.authorization``) and every reply's signature is
checked with the platform public key before its content is believed; a reply that
does not verify is treated like no reply (``ProviderUnavailable``: the outcome is
unknown and gets queried), never as an answer. Amounts are integer fen, as in the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from central.payments import wechat_sign
from central.payments.keys import WechatConfig
from central.payments.provider import (
    Notification,
    ProviderRejected,
    ProviderUnavailable,
    Trade,
    TradeState,
)

UNKNOWN_CODES = frozenset({"SYSTEMERROR", "BANKERROR", "SYSTEM_ERROR", "FREQUENCY_LIMITED"})
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _trade(data: Mapping[str, Any]) -> Trade:
    try:
        state = TradeState(str(data.get("trade_state")))
    except ValueError:
        raise ProviderUnavailable(f"unknown trade_state {data.get('trade_state')!r}") from None
    total = (data.get("amount") or {}).get("total", 0)
    return Trade(str(data.get("out_trade_no", "")), state,
                 total if isinstance(total, int) else 0,
                 str(data.get("transaction_id") or ""), str(data.get("success_time") or ""),
                 str(data.get("trade_state_desc") or ""))


class WechatPayV3:
    name = "wechat"

    def __init__(self, config: WechatConfig, *, clock: Callable[[], float] = time.time,
                 session: requests.Session | None = None) -> None:
        self.config = config
        self.clock = clock
        self.session = session or requests.Session()

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None,
              *, verify_reply: bool = True) -> tuple[int, Any]:
        text = "" if body is None else json.dumps(body, ensure_ascii=False,
                                                  separators=(",", ":"))
        auth = wechat_sign.authorization(
            self.config.merchant_key, mchid=self.config.mchid,
            serial_no=self.config.merchant_serial, method=method, path=path, body=text,
            timestamp=int(self.clock()))
        try:
            reply = self.session.request(
                method, self.config.base_url + path, data=text.encode("utf-8"),
                timeout=self.config.timeout_s,
                headers={"Authorization": auth.header(), "Accept": "application/json",
                         "Content-Type": "application/json"})
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"{method} {path}: {type(exc).__name__}") from exc
        raw = reply.content.decode("utf-8", "replace")
        if verify_reply:
            try:
                wechat_sign.verify_headers(self.config.platform_public_key,
                                           self.config.platform_serial, reply.headers, raw,
                                           self.clock())
            except wechat_sign.SignatureError as exc:
                raise ProviderUnavailable(f"reply to {path} not verified: {exc}") from exc
        data: Any = None
        if raw:
            try:
                data = json.loads(raw) if verify_reply else raw
            except (ValueError, RecursionError):
                raise ProviderUnavailable(f"reply to {path} is not JSON") from None
        if reply.status_code >= 500:
            raise ProviderUnavailable(f"{path}: HTTP {reply.status_code}")
        if reply.status_code >= 400:
            code = str((data or {}).get("code", "")) if isinstance(data, dict) else ""
            if code in UNKNOWN_CODES or not code:
                raise ProviderUnavailable(f"{path}: {code or reply.status_code}")
            raise ProviderRejected(code, str(data.get("message", "")))
        return reply.status_code, data

    def micropay(self, out_trade_no: str, amount: int, auth_code: str,
                 description: str) -> Trade:
        _, data = self._call("POST", "/v3/pay/transactions/codepay", {
            "appid": self.config.appid, "mchid": self.config.mchid,
            "description": description[:127], "out_trade_no": out_trade_no,
            "payer": {"auth_code": auth_code},
            "amount": {"total": amount, "currency": "CNY"},
            "scene_info": {"store_info": {"out_id": "kiosk"}}})
        return _trade(data)

    def native(self, out_trade_no: str, amount: int, description: str,
               expires_at: float) -> str:
        expire = dt.datetime.fromtimestamp(expires_at, BEIJING).isoformat(timespec="seconds")
        _, data = self._call("POST", "/v3/pay/transactions/native", {
            "appid": self.config.appid, "mchid": self.config.mchid,
            "description": description[:127], "out_trade_no": out_trade_no,
            "time_expire": expire, "notify_url": self.config.notify_url,
            "amount": {"total": amount, "currency": "CNY"}})
        url = data.get("code_url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url:
            raise ProviderUnavailable("native order reply without code_url")
        return url

    def query(self, out_trade_no: str) -> Trade | None:
        try:
            _, data = self._call("GET", f"/v3/pay/transactions/out-trade-no/{out_trade_no}"
                                        f"?mchid={self.config.mchid}")
        except ProviderRejected as exc:
            if exc.code in ("ORDER_NOT_EXIST", "ORDERNOTEXIST", "RESOURCE_NOT_EXISTS"):
                return None
            raise
        return _trade(data)

    def reverse(self, out_trade_no: str) -> None:
        self._call("POST", f"/v3/pay/transactions/out-trade-no/{out_trade_no}/reverse",
                   {"appid": self.config.appid, "mchid": self.config.mchid})

    def close(self, out_trade_no: str) -> None:
        self._call("POST", f"/v3/pay/transactions/out-trade-no/{out_trade_no}/close",
                   {"mchid": self.config.mchid})

    def refund(self, out_trade_no: str, out_refund_no: str, amount: int, total: int) -> str:
        _, data = self._call("POST", "/v3/refund/domestic/refunds", {
            "out_trade_no": out_trade_no, "out_refund_no": out_refund_no,
            "notify_url": self.config.notify_url,
            "amount": {"refund": amount, "total": total, "currency": "CNY"}})
        return str((data or {}).get("status", "PROCESSING"))

    def statement(self, bill_date: str) -> str:
        _, data = self._call("GET", f"/v3/bill/tradebill?bill_date={bill_date}&bill_type=ALL")
        if not isinstance(data, dict) or "download_url" not in data:
            raise ProviderUnavailable("statement reply without download_url")
        url = str(data["download_url"])
        path = url[len(self.config.base_url):] if url.startswith(self.config.base_url) else url
        _, text = self._call("GET", path, verify_reply=False)  # the file itself is unsigned
        digest = hashlib.sha1(str(text or "").encode()).hexdigest()  # the API names SHA1
        if digest != data.get("hash_value"):
            raise ProviderUnavailable("statement file hash mismatch")
        return str(text)

    def notification(self, headers: Mapping[str, str], body: bytes, now: float
                     ) -> Notification:
        text = body.decode("utf-8", "replace")
        try:
            wechat_sign.verify_headers(self.config.platform_public_key,
                                       self.config.platform_serial, headers, text, now)
            envelope = json.loads(text)
            plain = wechat_sign.decrypt_resource(self.config.apiv3_key, envelope["resource"])
            data = json.loads(plain)
        except (wechat_sign.SignatureError, ValueError, KeyError, TypeError,
                RecursionError) as exc:
            raise ProviderRejected("BAD_NOTIFICATION", str(exc)) from exc
        try:
            trade = _trade(data)
        except ProviderUnavailable as exc:
            raise ProviderRejected("BAD_NOTIFICATION", str(exc)) from exc
        return Notification(str(envelope.get("id", "")), str(envelope.get("event_type", "")),
                            trade)

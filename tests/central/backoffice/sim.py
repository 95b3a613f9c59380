"""A simulated kiosk speaking the documented protocol to a real central server.

Written from docs/protocols.md (signing, records, heartbeats, signed settlement
batches), not from offline_queue, so the back-office tests and browser tests feed the
server exactly what kiosks send: transactions, cash collections, heartbeats and
settlement batches with a hash-chain link and an Ed25519 signature.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import uuid
from collections.abc import Callable
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ZERO = "0" * 64
_nonces = itertools.count()


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class SimKiosk:
    def __init__(self, base_url: str, admin: Any, kiosk_id: str,
                 clock: Callable[[], float]) -> None:
        self.base_url = base_url
        self.kiosk_id = kiosk_id
        self.clock = clock
        self.key = Ed25519PrivateKey.generate()
        pub = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        self.public_key = pub
        self.secret = bytes.fromhex(admin.add_kiosk(kiosk_id, pub))
        self.session = requests.Session()
        self.batch_no = 0
        self.chain = ZERO
        self.seq = 0

    def _send(self, method: str, path: str, body: Any) -> requests.Response:
        data = json.dumps(body).encode()
        ts, nonce = str(int(self.clock())), f"sim{next(_nonces)}-{uuid.uuid4().hex[:8]}"
        msg = f"{method}\n{path}\n{ts}\n{nonce}\n{hashlib.sha256(data).hexdigest()}".encode()
        headers = {"X-Kiosk-Id": self.kiosk_id, "X-Timestamp": ts, "X-Nonce": nonce,
                   "X-Signature": hmac.new(self.secret, msg, hashlib.sha256).hexdigest(),
                   "Content-Type": "application/json"}
        r = self.session.request(method, self.base_url + path, data=data, headers=headers,
                                 timeout=10)
        assert r.status_code in (200, 207), (path, r.status_code, r.text)
        return r

    def heartbeat(self, **body: Any) -> None:
        base = {"version": "1.0.0", "service": {"in_service": True, "reasons": []},
                "devices": {"bill_validator": {"device_state": "idling", "fault": None},
                            "printer": {"paper": "ok", "fault": None}},
                "queue": {"pending": 0, "dead_letters": 0, "oldest_pending_age_s": None},
                "cassette": {"notes": 120, "amount": 480000, "capacity": 1000}}
        self._send("POST", f"/v1/kiosks/{self.kiosk_id}/heartbeat", {**base, **body})

    def pay(self, total: int, *, account: str = "13800138000", at: str,
            method: str = "cash", status: str = "completed", service: str = "topup",
            notes: dict[str, int] | None = None, send: bool = True) -> dict[str, Any]:
        """One transaction record (sent unless ``send=False``: lost in transit)."""
        self.seq += 1
        tid = str(uuid.uuid4())
        data = {"transaction_id": tid, "seq": self.seq, "service": service, "biller": None,
                "account": account, "currency": "CNY", "gross": total, "fee": 0,
                "commission": 0, "total": total, "method": method,
                "cash": total if method == "cash" else 0,
                "card": total if method == "card" else 0, "voucher": 0, "status": status,
                "notes": notes if notes is not None else ({"10000": total // 10000}
                                                          if method == "cash" else {}),
                "card_info": None, "voucher_code": None, "created_at": at, "completed_at": at,
                "business_date": at[:10]}
        if status != "completed":  # the kiosk's rule: nothing sold, total = the credit
            data.update(gross=0, fee=0, commission=0, card=0, total=data["cash"])
        if send:
            self.records([{"id": tid, "type": "transaction", "data": data}])
        return data

    def records(self, recs: list[dict[str, Any]]) -> None:
        self._send("POST", "/v1/transactions", {"records": [
            {"kiosk_id": self.kiosk_id, "created_at": "2025-11-24T00:00:00Z", **r}
            for r in recs]})

    def collect(self, expected: dict[str, int], counted: dict[str, int], at: str) -> str:
        cid = str(uuid.uuid4())
        e = sum(int(d) * n for d, n in expected.items())
        c = sum(int(d) * n for d, n in counted.items())
        self.records([{"id": cid, "type": "cash_collection", "data": {
            "collection_id": cid, "expected": expected, "counted": counted,
            "expected_total": e, "counted_total": c, "difference": c - e,
            "collector": "carol", "at": at, "batch_no": self.batch_no + 1}}])
        return cid

    def settle(self, txns: list[dict[str, Any]], day: str) -> dict[str, Any]:
        """Upload the next signed batch for ``day`` listing ``txns`` as the kiosk has them."""
        self.batch_no += 1
        items = [{"id": t["transaction_id"], "method": t["method"], "service": t["service"],
                  "biller": None, "gross": t["gross"], "fee": t["fee"], "total": t["total"],
                  "status": t["status"]} for t in txns]
        counted = [i for i in items if i["status"] in ("completed", "credited")]
        total = sum(i["total"] for i in counted)
        by_method: dict[str, dict[str, int]] = {}
        for i in counted:
            slot = by_method.setdefault(i["method"], {"count": 0, "amount": 0})
            slot["count"] += 1
            slot["amount"] += i["total"]
        head = hashlib.sha256(f"{self.chain}{self.batch_no}".encode()).hexdigest()
        next_day = f"{day[:8]}{int(day[8:]) + 1:02d}"
        batch = {"kiosk_id": self.kiosk_id, "batch_no": self.batch_no, "reason": "cutover",
                 "period_start": f"{day}T00:00:00Z", "period_end": f"{next_day}T00:00:00Z",
                 "currency": "CNY", "transactions": items,
                 "totals": {"count": len(counted), "gross": total, "fee": 0, "total": total,
                            "by_method": by_method,
                            "by_service": {"topup": {"count": len(counted), "amount": total}}
                            if counted else {}},
                 "journal_seq": self.seq, "chain_head": head, "prev_chain_head": self.chain,
                 "public_key": self.public_key}
        batch["signature"] = self.key.sign(canonical(batch)).hex()
        self.chain = head
        return dict(self._send("POST", "/v1/settlements", batch).json())

    def close(self) -> None:
        self.session.close()

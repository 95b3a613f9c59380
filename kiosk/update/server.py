"""The two release calls to the central server: which version to run, and reports.

Both count only with the server's reply signature (``X-Reply-Signature``, checked by
``HmacAuth.authentic``): a captive portal's 200 neither names a release nor swallows a
report. (The release itself is trusted through TUF, not through this answer.)
"""

from __future__ import annotations

import json
from typing import Any

import requests

from kiosk.update.errors import UpdateError
from offline_queue import HmacAuth


class ReleaseServer:
    def __init__(self, base_url: str, kiosk_id: str, auth: HmacAuth, *,
                 timeout: tuple[float, float] = (3.0, 10.0),
                 session: requests.Session | None = None) -> None:
        self.base = f"{base_url.rstrip('/')}/v1/kiosks/{kiosk_id}"
        self.auth = auth
        self.timeout = timeout
        self.session = session or requests.Session()

    def target(self) -> dict[str, Any]:
        """``{"version": str | None, "stage": ..., "halted": [...]}``."""
        try:
            resp = self.session.get(self.base + "/release", auth=self.auth,
                                    timeout=self.timeout)
            if resp.status_code == 200 and not self.auth.authentic(resp):
                raise UpdateError("server", "release target: reply not signed by the server")
            body = resp.json() if resp.status_code == 200 else None
        except (requests.RequestException, ValueError) as exc:
            raise UpdateError("server", f"release target: {type(exc).__name__}") from None
        if not isinstance(body, dict) or not isinstance(body.get("halted", []), list):
            raise UpdateError("server", f"release target: HTTP {resp.status_code}")
        return body

    def report(self, report: dict[str, Any]) -> bool:
        """True once the server stored it (a duplicate counts as stored)."""
        try:
            resp = self.session.post(self.base + "/update-report", auth=self.auth,
                                     data=json.dumps(report).encode(), timeout=self.timeout,
                                     headers={"Content-Type": "application/json"})
        except requests.RequestException:
            return False
        return resp.status_code == 200 and self.auth.authentic(resp)

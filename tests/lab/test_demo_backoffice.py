"""`kiosk demo` serves the back office beside the kiosk: the printed login works."""

from __future__ import annotations

import re

import pytest
import requests

from kiosk.config import load
from lab.demo.rig import DemoKiosk, backoffice_banner


@pytest.mark.slow
def test_the_demo_login_opens_the_fleet_with_the_demo_kiosk(tmp_path):
    demo = DemoKiosk(load(None, env={}), tmp_path / "demo")
    demo.start()
    try:
        banner = backoffice_banner(demo.backoffice_url, demo.backoffice_password)
        assert demo.backoffice_url in banner and demo.backoffice_password in banner
        with requests.Session() as s:
            page = s.get(demo.backoffice_url + "login", timeout=10)
            token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            r = s.post(demo.backoffice_url + "login", timeout=10, data={
                "csrf": token, "username": "demo", "password": demo.backoffice_password})
            assert r.status_code == 200 and r.url.endswith("/bo/fleet")
            assert demo.kiosk_id in r.text
    finally:
        demo.stop()

"""Back-office fixtures: operators in the server's database and a logged-in HTTP client.

The client is plain ``requests`` against the real server (central.testing.run_server):
it reads each page's CSRF token the way a browser form would carry it.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from central.backoffice.accounts import Accounts, password_hasher
from central.backoffice.config import BackofficeConfig
from central.backoffice.schema import ensure_schema
from central.backoffice.store import Store

PASSWORD = "correct horse 42"
OPERATORS = (("alice", "admin"), ("fay", "finance"), ("hal", "hall"), ("dan", "dispatcher"),
             ("hana", "hall"))
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Browser:
    """A cookie-keeping HTTP client that fills in the page's CSRF token on posts."""

    base_url: str
    session: requests.Session = field(default_factory=requests.Session)
    csrf: str = ""

    def get(self, path: str, **kw: Any) -> requests.Response:
        r = self.session.get(self.base_url + path, timeout=10, **kw)
        found = CSRF.search(r.text)
        if found:
            self.csrf = found.group(1)
        return r

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = None,
             **kw: Any) -> requests.Response:
        body = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        r = self.session.post(self.base_url + path, data=body, timeout=10, **kw)
        found = CSRF.search(r.text)
        if found:
            self.csrf = found.group(1)
        return r

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        self.get("/bo/login")
        return self.post("/bo/login", {"username": username, "password": password})


@pytest.fixture
def store(server) -> Store:
    _, admin = server
    s = Store(admin.db)
    ensure_schema(s)
    return s


#: the back office as the tests' servers run it (tests/central/conftest.py sets the
#: explicit test-only KDF switch; production cost is tested in test_accounts.py)
TEST_CONFIG = BackofficeConfig(test_fast_kdf=1)


@functools.cache
def password_hash() -> str:
    """One argon2id hash of PASSWORD per test session, with the test-only cheap profile."""
    return password_hasher(TEST_CONFIG).hash(PASSWORD)


@pytest.fixture
def operators(store, clock) -> Accounts:
    """Accounts alice (admin), fay (finance), hal (hall), dan (dispatcher), hana (hall)."""
    for name, role in OPERATORS:
        store.run("INSERT INTO bo_operators (username, display_name, role, password_hash,"
                  " created_at) VALUES (?, ?, ?, ?, ?)",
                  (name, name, role, password_hash(), int(clock())))
    return Accounts(store, TEST_CONFIG, clock)


@pytest.fixture
def browser(server) -> Callable[[], Browser]:
    url, _ = server
    made: list[Browser] = []

    def make() -> Browser:
        made.append(Browser(url))
        return made[-1]
    yield make
    for b in made:
        b.session.close()


# -- real headless Chromium (one per test session) -----------------------------------------
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    path = os.environ.get("BACKOFFICE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"chromium not found at {path}: `make chromium` (root) or "
                    "`sudo apt-get install chromium`, or set BACKOFFICE_CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page_for(chromium, server) -> Iterator[Callable[[], Any]]:
    """New pages, each in its own browser context (its own cookies: its own person)."""
    url, _ = server
    contexts: list[Any] = []

    def make() -> Any:
        context = chromium.new_context(base_url=url, viewport={"width": 1280, "height": 860},
                                       locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page
    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    """Save a screenshot when BACKOFFICE_SCREENSHOTS names a folder (docs/screenshots)."""
    folder = os.environ.get("BACKOFFICE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"backoffice-{name}.png"), full_page=True)


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/bo/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-button")

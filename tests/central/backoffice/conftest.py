"""Back-office fixtures: operators in the server's database and a logged-in HTTP client.

The client is plain ``requests`` against the real server (central.testing.run_server):
it reads each page's CSRF token the way a browser form would carry it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher

from central.backoffice.accounts import Accounts
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


@functools.cache
def password_hash() -> str:
    """One real argon2id hash of PASSWORD per test session (hashing is slow on purpose)."""
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def operators(store, clock) -> Accounts:
    """Accounts alice (admin), fay (finance), hal (hall), dan (dispatcher), hana (hall)."""
    for name, role in OPERATORS:
        store.run("INSERT INTO bo_operators (username, display_name, role, password_hash,"
                  " created_at) VALUES (?, ?, ?, ?, ?)",
                  (name, name, role, password_hash(), int(clock())))
    return Accounts(store, BackofficeConfig(), clock)


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

"""Operator accounts: validation, argon2 hashes, lockout after repeated failures."""

from __future__ import annotations

import pytest

from central.backoffice.accounts import Accounts
from central.backoffice.config import BackofficeConfig
from central.backoffice.errors import BadInput, Conflict

PW = "long enough pw"


@pytest.fixture
def accounts(store, clock) -> Accounts:
    return Accounts(store, BackofficeConfig(max_failed_logins=3, lockout_s=600,
                                            test_fast_kdf=1), clock)


def test_production_hashes_use_the_full_argon2id_cost(store, clock, monkeypatch):
    """The cheap profile is only ever the explicit test switch: the defaults and a server
    without KIOSK_BACKOFFICE_TEST_FAST_KDF hash at RFC 9106 cost (t=3, m=64 MiB, p=4)."""
    monkeypatch.delenv("KIOSK_BACKOFFICE_TEST_FAST_KDF", raising=False)
    assert BackofficeConfig().test_fast_kdf == 0
    assert BackofficeConfig.from_env().test_fast_kdf == 0
    prod = Accounts(store, BackofficeConfig.from_env(), clock)
    prod.add("carol", "admin", PW)
    row = store.one("SELECT password_hash FROM bo_operators WHERE username = 'carol'")
    assert row["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert prod.login("carol", PW).reason == "ok"
    # a hash made under the test profile is upgraded to full cost at the next login
    Accounts(store, BackofficeConfig(test_fast_kdf=1), clock).add("dora", "hall", PW)
    assert prod.login("dora", PW).reason == "ok"
    row = store.one("SELECT password_hash FROM bo_operators WHERE username = 'dora'")
    assert row["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_add_validates_and_hashes(accounts, store):
    accounts.add("alice", "admin", PW)
    row = store.one("SELECT password_hash FROM bo_operators WHERE username = 'alice'")
    assert row["password_hash"].startswith("$argon2id$") and PW not in row["password_hash"]
    with pytest.raises(Conflict):
        accounts.add("alice", "admin", PW)
    for name, role, pw in (("Bad Name", "admin", PW), ("bob", "root", PW),
                           ("bob", "hall", "short")):
        with pytest.raises(BadInput):
            accounts.add(name, role, pw)


def test_lockout_after_repeated_failures_then_expiry(accounts, clock):
    accounts.add("bob", "hall", PW)
    assert accounts.login("bob", "wrong").reason == "bad_credentials"
    assert accounts.login("bob", "wrong").reason == "bad_credentials"
    third = accounts.login("bob", "wrong")
    assert third.reason == "locked" and third.locked_until == int(clock.now) + 600
    assert accounts.login("bob", PW).reason == "locked"  # even the right password
    clock.now += 601
    ok = accounts.login("bob", PW)
    assert ok.reason == "ok" and ok.operator is not None and ok.operator.role == "hall"


def test_success_resets_the_failure_count(accounts):
    accounts.add("bob", "hall", PW)
    accounts.login("bob", "wrong")
    accounts.login("bob", "wrong")
    assert accounts.login("bob", PW).reason == "ok"
    assert accounts.login("bob", "wrong").reason == "bad_credentials"  # count started over


def test_unknown_user_and_unlock(accounts):
    assert accounts.login("nobody", PW).reason == "bad_credentials"
    accounts.add("bob", "hall", PW)
    for _ in range(3):
        accounts.login("bob", "wrong")
    accounts.unlock("bob")
    assert accounts.login("bob", PW).reason == "ok"

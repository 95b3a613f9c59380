"""The voucher ledger over real HTTP: reserve, redeem, release, the offline rule, alarms.

Codes are made here from the protocol text (an independent implementation of the
format), so a mistake shared with ``central.vouchers.codes`` cannot pass both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import uuid
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central.vouchers import events, records, refunds
from tests.central.conftest import Client


def luhn(digits: str) -> str:
    s = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        s += d - 9 if d > 9 else d
    return str(-s % 10)


def make_code(secret: bytes, nonce: str | None = None) -> str:
    nonce = nonce or str(secrets.randbelow(9 * 10**9) + 10**9)
    key = hmac.new(secret, b"kiosk-voucher-code-v1", hashlib.sha256).digest()
    mac = int.from_bytes(hmac.new(key, b"VOUCHER\n" + nonce.encode(), hashlib.sha256)
                         .digest()[:8], "big") % 100000
    body = nonce + f"{mac:05d}"
    return body + luhn(body)


@pytest.fixture
def two(server, clock) -> Any:
    url, admin = server
    out = []
    for kid in ("K0001", "K0002"):
        secret = bytes.fromhex(admin.add_kiosk(kid))
        out.append(Client(url, kid, secret, clock, requests.Session()))
    yield out[0], out[1], admin.app.state.vouchers
    for c in out:
        c.session.close()


def issue(ledger: Any, kiosk: Client, amount: int = 10000) -> str:
    code = make_code(kiosk.secret)
    assert records.issue(ledger, kiosk.kiosk_id, code, amount, "CNY", "T-" + code) == "stored"
    return code


def reserve(k: Client, code: str, session: str = "S1") -> requests.Response:
    return k.post("/v1/vouchers/reserve", {"code": code, "session_id": session})


def redeem(k: Client, code: str, amount: int, session: str = "S1",
           rid: str | None = None) -> requests.Response:
    return k.post("/v1/vouchers/redeem", {"code": code, "session_id": session, "amount": amount,
                                          "redemption_id": rid or str(uuid.uuid4())})


def test_redeemed_at_another_kiosk_partially_and_the_rest_stays_on_the_code(two) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1, 10000)
    r = reserve(k2, code)
    assert r.status_code == 200 and r.json()["balance"] == 10000
    r = redeem(k2, code, 4660, rid="R1")
    assert r.status_code == 200, r.text
    assert r.json() == {"code": code, "status": "redeemed", "amount": 4660, "balance": 5340,
                        "currency": "CNY", "redemption_id": "R1"}
    again = redeem(k2, code, 4660, rid="R1")  # a retry after a lost reply
    assert again.json()["status"] == "duplicate" and again.json()["balance"] == 5340
    assert redeem(k2, code, 100, rid="R1").json()["error"] == "redemption_conflict"
    # the remainder: reservation was consumed, a new session (any kiosk) reserves again
    assert redeem(k2, code, 100).json()["error"] == "not_reserved"
    assert reserve(k1, code, "S9").json()["balance"] == 5340
    assert redeem(k1, code, 5340, "S9").json()["balance"] == 0
    assert reserve(k2, code, "S3").json()["error"] == "voucher_spent"
    row = ledger.voucher(code)
    assert row["status"] == "redeemed" and [r["amount"] for r in row["redemptions"]] == [
        4660, 5340]


def test_a_reservation_blocks_other_kiosks_until_released_or_lapsed(two, clock) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1)
    assert reserve(k1, code).status_code == 200
    assert reserve(k1, code).status_code == 200  # the same session again: still ours
    busy = reserve(k2, code)
    assert busy.status_code == 409 and busy.json()["error"] == "voucher_reserved"
    assert "K0001" not in busy.text  # one kiosk never learns about another
    assert reserve(k1, code, "S2").json()["error"] == "voucher_reserved"
    assert k2.post("/v1/vouchers/release", {"code": code, "session_id": "S1"}).json()[
        "released"] is False
    assert k1.post("/v1/vouchers/release", {"code": code, "session_id": "S1"}).json()[
        "released"] is True
    assert reserve(k2, code).status_code == 200
    clock.now += ledger.reserve_ttl_s  # K0002's session crashed and never released
    assert reserve(k1, code, "S5").status_code == 200
    assert redeem(k2, code, 100).json()["error"] == "voucher_reserved"


def race(kiosks: tuple[Client, Client], code: str) -> list[int]:
    """Both kiosks reserve and redeem the whole voucher at the same moment."""
    barrier = threading.Barrier(len(kiosks))
    results: dict[str, int] = {}

    def go(k: Client) -> None:
        barrier.wait()
        results[k.kiosk_id] = reserve(k, code).status_code
        if results[k.kiosk_id] == 200:
            results[k.kiosk_id] = redeem(k, code, 10000).status_code

    threads = [threading.Thread(target=go, args=(k,)) for k in kiosks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results.values())


def test_one_voucher_at_two_kiosks_at_once_exactly_one_wins(two) -> None:
    k1, k2, ledger = two
    for _ in range(5):
        code = issue(ledger, k1)
        assert race((k1, k2), code) == [200, 409]
        assert len(ledger.voucher(code)["redemptions"]) == 1


def test_redeeming_more_than_the_balance_is_refused(two) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1, 500)
    reserve(k2, code)
    r = redeem(k2, code, 501)
    assert r.status_code == 409 and r.json()["error"] == "insufficient_balance"
    assert redeem(k2, code, 0).status_code == 422


def test_offline_rule_and_a_kiosk_restored_from_an_old_backup(two) -> None:
    """Offline, only the issuer may redeem without a reservation; a replay is an alarm."""
    k1, _, ledger = two
    code = issue(ledger, k1, 3000)
    data = {"status": "redeemed", "code": code, "amount": 3000, "currency": "CNY",
            "transaction_id": "T2", "at": "2026-12-01T10:00:00Z", "redemption_id": "OFF1"}
    with ledger.db.tx() as conn:
        with pytest.raises(events.VoucherRefused) as other:
            records.apply(ledger, conn, "K0002", dict(data))  # not K0002's voucher
        assert other.value.error == "not_reserved"
        assert records.apply(ledger, conn, "K0001", dict(data)) == "stored"
        assert records.apply(ledger, conn, "K0001", dict(data)) == "duplicate"
    # K0001 restored from a backup taken before that: it redeems the same voucher again
    with ledger.db.tx() as conn, pytest.raises(events.VoucherRefused) as again:
        records.apply(ledger, conn, "K0001", {**data, "redemption_id": "OFF2"})
    assert again.value.error == "voucher_spent"
    alarms = events.listing(ledger.db, alarms_only=True)
    # both breaches of the offline rule are alarms: K0002 never issued it, K0001 replayed
    assert sorted((a["kind"], a["kiosk_id"], a["code"]) for a in alarms) == [
        ("double_spend", "K0001", code), ("double_spend", "K0002", code)]
    online = reserve(k1, code)  # and online the server refuses it too
    assert online.status_code == 409 and online.json()["error"] == "voucher_spent"


def test_unknown_forged_and_mistyped_codes(two) -> None:
    k1, k2, ledger = two
    forged = make_code(b"not the kiosk secret")
    with pytest.raises(events.VoucherRefused) as bad:
        records.issue(ledger, "K0001", forged, 100, "CNY")
    assert bad.value.error == "bad_voucher_mac"
    assert events.listing(ledger.db, alarms_only=True)[0]["kind"] == "bad_mac"
    assert reserve(k2, forged).json()["error"] == "unknown_voucher"
    good = issue(ledger, k1)
    typo = good[:3] + str((int(good[3]) + 1) % 10) + good[4:]
    assert reserve(k2, typo).json()["error"] == "invalid_code"
    for _ in range(events.GUESS_LIMIT - 1):
        assert reserve(k2, make_code(b"guess")).status_code == 404
    limited = reserve(k2, make_code(b"guess"))
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    assert reserve(k1, good).status_code == 200  # only the guessing kiosk is slowed


def test_refund_at_the_hall_needs_two_people(two) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1, 2500)
    pending = refunds.request_refund(ledger, code, "alice", "customer asked at the hall")
    assert pending["status"] == "pending" and pending["amount"] == 2500
    assert reserve(k2, code).json()["error"] == "refund_pending"
    with pytest.raises(events.VoucherRefused) as same:
        refunds.approve_refund(ledger, pending["refund_id"], "alice")
    assert same.value.error == "same_person"
    done = refunds.approve_refund(ledger, pending["refund_id"], "bob")
    assert done["status"] == "approved" and done["decided_by"] == "bob"
    assert ledger.voucher(code)["balance"] == 0
    assert reserve(k2, code).json()["error"] == "voucher_spent"
    with pytest.raises(events.VoucherRefused):
        refunds.reject_refund(ledger, pending["refund_id"], "carol")
    other = issue(ledger, k1, 700)
    rid = refunds.request_refund(ledger, other, "alice", "wrong person")["refund_id"]
    refunds.reject_refund(ledger, rid, "bob")
    assert reserve(k2, other).json()["balance"] == 700


def test_a_held_voucher_cannot_be_refunded(two) -> None:
    k1, _, ledger = two
    code = issue(ledger, k1)
    reserve(k1, code)
    with pytest.raises(events.VoucherRefused) as held:
        refunds.request_refund(ledger, code, "alice", "x")
    assert held.value.error == "not_refundable"


def test_expiry_only_by_operator_policy(two, clock) -> None:
    k1, k2, ledger = two
    forever = issue(ledger, k1)
    refunds.set_expiry(ledger, 86400)
    short = issue(ledger, k1)
    clock.now += 86400 * 400
    assert reserve(k2, forever).status_code == 200
    expired = reserve(k2, short, "S2")
    assert expired.status_code == 410 and expired.json()["error"] == "voucher_expired"


def test_bad_bodies_are_clear_errors(two) -> None:
    k1, _, _ = two
    for body in ({}, {"code": 5, "session_id": "S"}, {"code": "1", "session_id": None}, [],
                 {"code": "x" * 1000, "session_id": "S"}):
        r = k1.post("/v1/vouchers/reserve", body)
        assert r.status_code == 422, (body, r.text)
    assert k1.post("/v1/vouchers/redeem", raw=b"{nope").status_code == 400
    r = k1.post("/v1/vouchers/redeem", {"code": "1", "session_id": "S", "redemption_id": "R",
                                        "amount": 1.5})
    assert r.status_code == 422
    unsigned = requests.post(k1.base_url + "/v1/vouchers/reserve", json={}, timeout=10)
    assert unsigned.status_code == 401


# -- the read-only balance look-up (POST /v1/vouchers/balance) ------------------------
def balance(k: Client, code: Any, session: str | None = None) -> requests.Response:
    body: dict[str, Any] = {"code": code}
    if session is not None:
        body["session_id"] = session
    return k.post("/v1/vouchers/balance", body)


def reply_signed(k: Client, r: requests.Response) -> bool:
    """The reply-signature contract, written from docs/protocols.md."""
    nonce = r.request.headers["X-Nonce"]
    msg = f"REPLY\n{nonce}\n{r.status_code}\n{hashlib.sha256(r.content).hexdigest()}"
    want = hmac.new(k.secret, msg.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, r.headers.get("X-Reply-Signature", ""))


def footprint(ledger: Any, code: str) -> tuple[Any, ...]:
    """Everything a look-up must leave as it was: the row and the event count."""
    row = ledger.voucher(code)
    return (row["status"], row["balance"], row["reserved_by"], row["reserved_session"],
            row["reserved_until"], row["version"], row["updated_at"], len(row["events"]),
            len(events.listing(ledger.db, limit=10_000)))


def test_balance_leaves_no_reservation_and_no_event(two) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1, 10000)
    before = footprint(ledger, code)
    r = balance(k2, code)
    assert r.status_code == 200, r.text
    assert r.json() == {"code": code, "state": "active", "balance": 10000, "currency": "CNY"}
    assert reply_signed(k2, r)
    assert footprint(ledger, code) == before
    # nothing held: the other kiosk reserves it at once, which a look-up's hold would block
    assert reserve(k1, code, "S7").status_code == 200


def test_balance_states(two, clock) -> None:
    k1, k2, ledger = two
    code = issue(ledger, k1, 10000)
    assert reserve(k1, code, "S1").status_code == 200
    held = balance(k2, code)
    assert held.json()["state"] == "reserved" and held.json()["balance"] == 10000
    assert "K0001" not in held.text  # which kiosk holds it is never said
    assert balance(k1, code).json()["state"] == "reserved"  # another session of its own
    assert balance(k1, code, "S1").json()["state"] == "active"  # the asking session's own
    assert redeem(k1, code, 4000, "S1").status_code == 200
    assert balance(k2, code).json() == {"code": code, "state": "active", "balance": 6000,
                                        "currency": "CNY"}
    assert reserve(k2, code, "S2").status_code == 200
    clock.now += ledger.reserve_ttl_s  # K0002's session crashed: the hold lapsed
    assert balance(k1, code).json()["state"] == "active"
    assert reserve(k1, code, "S3").status_code == 200
    assert redeem(k1, code, 6000, "S3").status_code == 200
    assert balance(k2, code).json()["state"] == "redeemed"
    assert balance(k2, code).json()["balance"] == 0
    pending = issue(ledger, k1, 700)
    rid = refunds.request_refund(ledger, pending, "alice", "at the hall")["refund_id"]
    assert balance(k2, pending).json()["state"] == "refund_pending"
    refunds.approve_refund(ledger, rid, "bob")
    assert (balance(k2, pending).json()["state"], balance(k2, pending).json()["balance"]) == (
        "refunded", 0)
    refunds.set_expiry(ledger, 3600)
    short = issue(ledger, k1, 500)
    clock.now += 3600
    assert balance(k2, short).json() == {"code": short, "state": "expired", "balance": 500,
                                         "currency": "CNY"}


def test_balance_and_reserve_share_one_guessing_limit(two) -> None:
    """A balance call is no oracle around reserve's limit: both count unknown codes of
    the kiosk together, and both are refused once it is reached."""
    k1, k2, ledger = two
    good = issue(ledger, k1)
    forged = make_code(b"not the kiosk secret")
    assert balance(k2, forged).status_code == 404  # a MAC that is not its issuer's
    assert balance(k2, forged).json()["error"] == "unknown_voucher"
    typo = good[:3] + str((int(good[3]) + 1) % 10) + good[4:]
    assert balance(k2, typo).json()["error"] == "invalid_code"  # caught by the check digit
    for i in range(events.GUESS_LIMIT - 2):
        call = balance if i % 2 else reserve
        assert call(k2, make_code(b"guess")).status_code == 404
    for call in (balance, reserve):
        limited = call(k2, make_code(b"guess"))
        assert limited.status_code == 429 and limited.headers["Retry-After"], limited.text
        assert reply_signed(k2, limited)
    assert balance(k2, good).status_code == 429  # a right code is not told apart then
    assert balance(k1, good).json()["state"] == "active"  # only the guessing kiosk waits
    kinds = {e["kind"] for e in events.listing(ledger.db, limit=1000)}
    assert "reserve_refused" not in kinds


def test_balance_bad_bodies_are_clear_errors(two) -> None:
    k1, _, ledger = two
    code = issue(ledger, k1)
    for body in ({}, {"code": 5}, {"code": None}, [], {"code": "x" * 1000},
                 {"code": code, "session_id": 7}, {"code": code, "session_id": "s" * 129},
                 {"code": "１" * 16}):
        r = k1.post("/v1/vouchers/balance", body)
        assert r.status_code == 422, (body, r.text)
    assert k1.post("/v1/vouchers/balance", raw=b"{nope").status_code == 400
    unsigned = requests.post(k1.base_url + "/v1/vouchers/balance", json={"code": code},
                             timeout=10)
    assert unsigned.status_code == 401 and "X-Reply-Signature" not in unsigned.headers


JSON_LEAVES = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
               | st.floats(allow_nan=False) | st.text(max_size=40))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=10)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_balance_any_body_is_a_clear_answer_and_changes_nothing(two, data) -> None:
    """Whatever the body, the reply is a signed JSON 2xx/4xx and the voucher is as it was
    (the code field drawn from real, mistyped, spaced and arbitrary values)."""
    k1, k2, ledger = two
    code = issue(ledger, k1, 3000)
    before = footprint(ledger, code)
    spaced = " ".join(code[i:i + 4] for i in range(0, 16, 4))
    value = data.draw(st.one_of(st.sampled_from([code, spaced, code[:-1] + "0", code + "0"]),
                                JSON_VALUES), label="code")
    body = data.draw(st.one_of(
        st.fixed_dictionaries({"code": st.just(value)},
                              optional={"session_id": JSON_VALUES, "extra": JSON_VALUES}),
        JSON_VALUES), label="body")
    r = k2.post("/v1/vouchers/balance", raw=json.dumps(body).encode())
    assert r.status_code in (200, 400, 404, 422, 429), r.text
    assert isinstance(r.json(), dict) and reply_signed(k2, r)
    if r.status_code == 200:
        assert r.json()["code"] == code and r.json()["balance"] == 3000
    after = footprint(ledger, code)
    assert after[:8] == before[:8]  # the row and its own history: untouched

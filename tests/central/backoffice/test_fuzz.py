"""Any query string or form on any back-office page: a page or a refusal, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

GETS = ["/bo/fleet", "/bo/alarms", "/bo/payments", "/bo/vouchers", "/bo/approvals",
        "/bo/reconcile", "/bo/reconcile/K0001", "/bo/reconcile/K0001/csv", "/bo/collections",
        "/bo/charts", "/bo/audit", "/bo/kiosks/K0001", "/check", "/bo/login"]
POSTS = ["/bo/kiosks/K0001/commands", "/bo/alarms/x/ack", "/bo/vouchers/refund",
         "/bo/approvals/x/approve", "/bo/approvals/write-off/x/reject",
         "/bo/reconcile/K0001/write-off", "/bo/reconcile/K0001/record", "/bo/login"]
KEYS = ["q", "status", "account", "from", "to", "kiosk", "ref", "code", "date", "reason",
        "command", "args", "all", "problems", "next", "user", "action", "username", "password"]
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
fields = st.dictionaries(st.sampled_from(KEYS), text, max_size=6)


@pytest.fixture
def alice(server, operators, browser, client):
    """One logged-in admin shared by all examples of a test (logging in is slow on purpose)."""
    b = browser()
    b.login("alice")
    b.get("/bo/fleet")
    return b


# The fixture is shared across examples on purpose: the session is what is not fuzzed.
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(GETS), params=fields)
def test_any_query(alice, path, params):
    b = alice
    r = b.session.get(b.base_url + path, params=params, timeout=10, allow_redirects=False)
    assert r.status_code < 500, (path, params, r.text[:300])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(POSTS), form=fields, with_token=st.booleans())
def test_any_form(alice, path, form, with_token):
    b = alice
    r = b.post(path, form, csrf=None if with_token else "x", allow_redirects=False)
    assert r.status_code < 500, (path, form, r.text[:300])

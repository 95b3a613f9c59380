"""Both languages have the same texts, and every text a template names exists."""

from __future__ import annotations

import re
from pathlib import Path

from central.backoffice import i18n
from central.backoffice.accounts import ROLES
from central.backoffice.alarm_rules import CONDITIONS
from central.backoffice.alarms import STATES
from central.backoffice.fleet import STATUSES
from central.intake import METHODS, TXN_STATUSES
from central.vouchers.schema import STATUSES as VOUCHER_STATUSES

TEMPLATES = Path(i18n.__file__).parent / "templates"


def test_same_keys_in_both_languages():
    texts = i18n.texts()
    assert set(texts["zh"]) == set(texts["en"])


def test_every_key_used_exists():
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\(['\"]([a-z0-9_]+)['\"]\)", path.read_text("utf-8")))
    used |= {f"role_{r}" for r in ROLES} | {f"cond_{c}" for c in CONDITIONS}
    used |= {f"alarm_{s}" for s in STATES} | {f"status_{s}" for s in STATUSES}
    used |= {f"vstatus_{s}" for s in VOUCHER_STATUSES}
    used |= {f"refund_{s}" for s in ("pending", "approved", "rejected")}
    used |= {f"txn_{s}" for s in TXN_STATUSES} | {f"method_{m}" for m in METHODS}
    missing = used - set(i18n.texts()["zh"])
    assert not missing


def test_money_and_masking():
    assert i18n.money(12345) == "¥123.45"
    assert i18n.money(-5) == "-¥0.05"
    assert i18n.money(100, "USD") == "USD 1.00"
    assert i18n.mask_account("13800138000") == "138****8000"
    assert i18n.mask_account("12345") == "1***5"

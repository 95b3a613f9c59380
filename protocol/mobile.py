"""Mainland mobile numbers as both sides sell them: the operator of each prefix.

Why here: the kiosk refuses a number whose prefix no operator here serves before any
money moves (``kiosk.rules.catalog.operator_for``), and the server answers a number's
operator and balance (``central.catalog``); both read this one table, so a prefix the
kiosk sells is always one the server knows, with the same operator. Standard library only.
"""

from __future__ import annotations

__all__ = ["OPERATOR_BY_PREFIX", "OPERATOR_PREFIXES"]

#: Mainland prefixes (first three digits) per operator; 192 (China Broadnet) is not sold here.
OPERATOR_PREFIXES: dict[str, tuple[str, ...]] = {
    "China Mobile": ("134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                     "157", "158", "159", "172", "178", "182", "183", "184", "187", "188",
                     "195", "197", "198"),
    "China Unicom": ("130", "131", "132", "145", "155", "156", "166", "171", "175", "176",
                     "185", "186", "196"),
    "China Telecom": ("133", "149", "153", "173", "177", "180", "181", "189", "190", "191",
                      "193", "199"),
}
#: The operator of each prefix in ``OPERATOR_PREFIXES``.
OPERATOR_BY_PREFIX: dict[str, str] = {p: op for op, prefixes in OPERATOR_PREFIXES.items()
                                      for p in prefixes}

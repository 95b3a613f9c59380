"""CCNET command codes, poll states and their reason/failure sub-codes (spec tables).

Kept as plain tables so the driver's behaviour per state is read, not inferred.
"""

from __future__ import annotations

import enum


class Cmd(enum.IntEnum):
    RESET = 0x30
    GET_STATUS = 0x31
    SET_SECURITY = 0x32
    POLL = 0x33
    ENABLE_BILL_TYPES = 0x34
    STACK = 0x35
    RETURN = 0x36
    IDENTIFICATION = 0x37
    HOLD = 0x38
    GET_BILL_TABLE = 0x41


class State(enum.IntEnum):
    POWER_UP = 0x10
    POWER_UP_BILL_IN_VALIDATOR = 0x11
    POWER_UP_BILL_IN_STACKER = 0x12
    INITIALIZE = 0x13
    IDLING = 0x14
    ACCEPTING = 0x15
    STACKING = 0x17
    RETURNING = 0x18
    UNIT_DISABLED = 0x19
    HOLDING = 0x1A
    BUSY = 0x1B
    REJECTING = 0x1C
    CASSETTE_FULL = 0x41
    CASSETTE_OUT = 0x42
    VALIDATOR_JAMMED = 0x43
    CASSETTE_JAMMED = 0x44
    CHEATED = 0x45
    PAUSE = 0x46
    FAILURE = 0x47
    ESCROW = 0x80
    STACKED = 0x81
    RETURNED = 0x82


POWER_UP_STATES = frozenset({State.POWER_UP, State.POWER_UP_BILL_IN_VALIDATOR,
                             State.POWER_UP_BILL_IN_STACKER})

#: Sub-code of state 1C REJECTING.
REJECT_REASONS: dict[int, str] = {
    0x60: "insertion",
    0x61: "magnetic",
    0x62: "remained bill in head",
    0x63: "multiplying",
    0x64: "conveying",
    0x65: "identification",
    0x66: "verification",
    0x67: "optic",
    0x68: "inhibit",
    0x69: "capacity",
    0x6A: "operation",
    0x6C: "length",
    0x6D: "UV",
    0x92: "unrecognised barcode",
    0x93: "incorrect barcode character count",
    0x94: "unknown barcode start sequence",
    0x95: "unknown barcode stop sequence",
}

#: Sub-code of state 47 FAILURE.
FAILURE_CODES: dict[int, str] = {
    0x50: "stack motor failure",
    0x51: "transport motor speed failure",
    0x52: "transport motor failure",
    0x53: "aligning motor failure",
    0x54: "initial cassette status failure",
    0x55: "optic canal failure",
    0x56: "magnetic canal failure",
    0x5F: "capacitance canal failure",
}

#: ISO 4217 currency for the 3-letter country code in a bill-table entry.
COUNTRY_CURRENCY: dict[str, str] = {
    "CHN": "CNY", "RUS": "RUB", "KAZ": "KZT", "UKR": "UAH", "BLR": "BYN", "USA": "USD",
    "EUR": "EUR", "ARE": "AED", "IND": "INR", "TUR": "TRY", "UZB": "UZS", "KGZ": "KGS",
}

"""ID-003 command codes, statuses and reject/failure sub-codes (spec tables)."""

from __future__ import annotations

import enum


class Cmd(enum.IntEnum):
    STATUS_REQUEST = 0x11
    RESET = 0x40
    STACK_1 = 0x41
    STACK_2 = 0x42
    RETURN = 0x43
    HOLD = 0x44
    WAIT = 0x45
    ACK = 0x50
    SET_DENOMINATION = 0xC0
    SET_SECURITY = 0xC1
    SET_COMMUNICATION_MODE = 0xC2
    SET_INHIBIT = 0xC3
    SET_DIRECTION = 0xC4
    SET_OPTIONAL_FUNCTION = 0xC5
    GET_VERSION = 0x88
    GET_BOOT_VERSION = 0x89
    GET_CURRENCY_ASSIGNMENT = 0x8A


class Status(enum.IntEnum):
    IDLING = 0x11
    ACCEPTING = 0x12
    ESCROW = 0x13
    STACKING = 0x14
    VEND_VALID = 0x15
    STACKED = 0x16
    REJECTING = 0x17
    RETURNING = 0x18
    HOLDING = 0x19
    DISABLED = 0x1A
    INITIALIZE = 0x1B
    POWER_UP = 0x40
    POWER_UP_BILL_IN_ACCEPTOR = 0x41
    POWER_UP_BILL_IN_STACKER = 0x42
    STACKER_FULL = 0x43
    STACKER_OPEN = 0x44
    ACCEPTOR_JAM = 0x45
    STACKER_JAM = 0x46
    PAUSE = 0x47
    CHEATED = 0x48
    FAILURE = 0x49
    COMMUNICATION_ERROR = 0x4A
    INVALID_COMMAND = 0x4B
    ACK = 0x50


POWER_UP_STATUSES = frozenset({Status.POWER_UP, Status.POWER_UP_BILL_IN_ACCEPTOR,
                               Status.POWER_UP_BILL_IN_STACKER})

#: Sub-code of status 17 REJECTING.
REJECT_REASONS: dict[int, str] = {
    0x71: "insertion",
    0x72: "magnetic",
    0x73: "remaining bills in head",
    0x74: "compensation",
    0x75: "conveying",
    0x76: "denomination assessment",
    0x77: "photo pattern",
    0x78: "photo level",
    0x79: "inhibit",
    0x7A: "escrow timeout",
    0x7B: "operation",
    0x7C: "transport",
    0x7D: "length",
    0x7E: "color pattern",
}

#: Sub-code of status 49 FAILURE.
FAILURE_CODES: dict[int, str] = {
    0xA2: "stack motor failure",
    0xA5: "transport motor speed failure",
    0xA6: "transport motor failure",
    0xA8: "solenoid failure",
    0xA9: "PB unit failure",
    0xAB: "cash box not ready",
    0xAF: "validator head removed",
    0xB0: "boot ROM failure",
    0xB1: "external ROM failure",
    0xB2: "RAM failure",
    0xB3: "external ROM writing failure",
}

ESCROW_CODES = range(0x61, 0x69)
BARCODE_TICKET = 0x6F

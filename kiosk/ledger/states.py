"""The ledger's vocabulary: transaction statuses, note and tender states, journal kinds.

Why StrEnums: these strings are stored (``kiosk_transactions.status``, ``kiosk_notes.state``,
the journal's ``kind``) and sent (``transaction`` and ``transaction_status`` records), so
their spelling is part of the database and the wire protocol. A ``StrEnum`` member *is*
its string (``TxnStatus.COMPLETED == "completed"``, the same bytes in SQLite, JSON and the
hash chain), while the code that writes and compares them gets one name per value that a
typo cannot miss. Values read back from the store stay plain ``str`` and compare equal.
"""

from __future__ import annotations

import enum

__all__ = ["FINAL", "JournalKind", "NoteState", "TenderState", "TxnStatus", "VoucherStatus"]


class TxnStatus(enum.StrEnum):
    """``kiosk_transactions.status`` and the ``status`` of the records sent for it."""

    OPEN = "open"
    CARD_PENDING = "card_pending"  # authorisation asked, result not known yet
    CARD_APPROVED = "card_approved"  # approved by the terminal, not yet confirmed by the server
    CARD_DECLINED = "card_declined"
    REVERSING = "reversing"  # the card payment is being reversed
    QR_PENDING = "qr_pending"  # a QR order is open at the server
    QR_PAID = "qr_paid"  # the server confirmed the wallet payment
    QR_CANCELLING = "qr_cancelling"
    LATE_CREDIT = "late_credit"  # status history only: a late note of this transaction
    # Final (``FINAL``): written only by ``Ledger.finalize``.
    COMPLETED = "completed"
    CREDITED = "credited"
    REVERSED = "reversed"
    FAILED = "failed"
    CANCELLED = "cancelled"


#: The statuses a transaction ends in; ``Ledger.finalize`` writes them, nothing else.
FINAL: tuple[TxnStatus, ...] = (TxnStatus.COMPLETED, TxnStatus.CREDITED, TxnStatus.REVERSED,
                                TxnStatus.FAILED, TxnStatus.CANCELLED)


class NoteState(enum.StrEnum):
    """``kiosk_notes.state`` (the schema's CHECK lists the same four)."""

    ESCROWED = "escrowed"
    STACKED = "stacked"
    RETURNED = "returned"
    UNRESOLVED = "unresolved"


class VoucherStatus(enum.StrEnum):
    """``kiosk_vouchers.status`` and the ``voucher`` record's ``status``."""

    ISSUED = "issued"
    REDEEMED = "redeemed"


class TenderState(enum.StrEnum):
    """``kiosk_voucher_tenders.state``: a voucher applied to a payment."""

    HELD = "held"
    REDEEMED = "redeemed"
    RELEASED = "released"


class JournalKind(enum.StrEnum):
    """The ``kind`` of the journal records the ledger writes (read by the crash lab)."""

    TXN_OPEN = "txn_open"
    TXN_STATUS = "txn_status"
    TXN_FINAL = "txn_final"
    TXN_REVERSAL = "txn_reversal"
    CARD_CONFIRM_ATTEMPT = "card_confirm_attempt"
    NOTE_ESCROWED = "note_escrowed"
    NOTE_STACK = "note_stack"  # STACK about to be answered for the note (``stack_at``)
    NOTE_STACKED = "note_stacked"
    NOTE_RETURNED = "note_returned"
    NOTE_UNRESOLVED = "note_unresolved"
    NOTE_REPORT_REPEATED = "note_report_repeated"
    NOTE_REPORT_UNKNOWN = "note_report_unknown"
    VOUCHER_ISSUED = "voucher_issued"
    VOUCHER_APPLIED = "voucher_applied"
    VOUCHER_REDEEMED = "voucher_redeemed"
    VOUCHER_RELEASED = "voucher_released"
    RECOVERY = "recovery"

    @classmethod
    def note(cls, state: str) -> JournalKind:
        """``note_<state>`` for a note resolved to ``state`` (stacked, returned, unresolved)."""
        return cls(f"note_{state}")

    @classmethod
    def voucher(cls, state: str) -> JournalKind:
        """``voucher_<state>`` for a held tender ended as ``state`` (redeemed, released)."""
        return cls(f"voucher_{state}")

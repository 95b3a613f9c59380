"""The pure formats the kiosk and the central server share (docs/protocols.md).

Standard library only, no I/O: both sides import it, and it imports nothing of either
(the import contracts in pyproject.toml). Today: the voucher code (``protocol.vouchers``)
the records' timestamp and canonical JSON (``protocol.wire``), and the HMAC request,
reply and allowance signatures (``protocol.signing``), the operators' mobile prefixes
(``protocol.mobile``).
"""

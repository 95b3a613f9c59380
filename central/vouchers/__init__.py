"""The server's voucher ledger: the authority for every voucher across the fleet.

Modules: ``codes`` (the code format and its MAC), ``schema`` (tables), ``ledger``
(reserve / redeem / release by conditional UPDATE), ``records`` (outbox ``voucher``
records: issue and offline redemption), ``refunds`` (hall refunds, maker-checker, expiry
policy), ``events`` (history and alarms), ``api`` (the kiosk endpoints).
"""

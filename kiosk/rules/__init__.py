"""Pure rules: money, fees, limits, the biller catalog with its check digits, voucher codes.

No I/O here (no sqlite3, requests, devices or offline_queue; an import-linter contract):
every rule is a function of its arguments, tested with examples and properties.
"""

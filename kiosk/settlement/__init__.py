"""Settlement batches: gap-free numbers, totals by method/biller/denomination, the
journal hash-chain head, signed with the kiosk's Ed25519 key.
"""

"""Payment sessions: the core facade the UI calls, the session state machine and its
table, the card flow, receipts.
"""

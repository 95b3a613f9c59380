"""The durable record: transactions, notes and vouchers (each change with its journal and
outbox rows), their schema, the final outcome, the audit trail and start-up recovery.
"""

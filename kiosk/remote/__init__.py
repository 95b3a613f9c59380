"""Talking to the server beyond the outbox: the query API client, the command poller and the
heartbeat.
"""

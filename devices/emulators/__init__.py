"""Device emulators that speak the real wire protocols on pseudo-terminals.

Each is written from the protocol tables, never from the driver codecs, so a shared
misreading of a spec cannot pass both sides of a test.
"""

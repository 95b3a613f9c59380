"""Device emulators that speak the real wire protocols on a pseudo-terminal.

Each emulator is written from the protocol tables and imports nothing from the drivers'
codecs, so one shared mistake cannot pass both sides. ``CcnetEmulator`` and
``Id003Emulator`` are the bill validators; ``start()`` returns the pty path a driver opens.
"""

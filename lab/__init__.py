"""The proof-under-stress lab: crash injection, network faults, soak (see docs/reliability.md).

Everything here runs the real kiosk stack (``KioskCore`` + drivers + ``offline_queue``)
in a child process against pty emulators and the reference server, which both live in
the lab's own process (or a server subprocess) so they outlive a killed kiosk and stay
the ground truth. The lab imports nothing from ``central/`` or ``ui/``: the server is
started as ``python -m central.cli serve`` and read through its SQLite file.
"""

from __future__ import annotations


class LabError(Exception):
    """The harness itself failed (server would not start, worker hung, bad arguments)."""

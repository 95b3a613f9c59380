"""Maintenance screens: hidden entry, PIN login, and one page per technician/collector topic.

Everything here drives ``kiosk.staff.maintenance.MaintenanceService`` (role checks, audit,
idle logout live there) through ``ui.bridge.CoreBridge``, never on the GUI thread.
"""

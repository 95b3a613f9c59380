"""The kiosk application: payment sessions, catalog, money, settlement, maintenance.

Sits between the customer UI (``ui``) and the hardware/storage layers (``devices``,
``offline_queue``). Imports no Qt widgets, so every rule here is testable headless.
"""

__version__ = "0.1.0"

"""The running kiosk: composition of every part in one order (``Runtime``), devices from
config, the systemd watchdog.
"""

"""Device drivers, codecs and emulators for the kiosk's serial peripherals.

Knows nothing of the application: drivers speak in integer minor units and typed
events, and are opened from a port string (a device path, a pty, or any pyserial URL).
"""

"""Signed software releases for the kiosks (issue 20).

A TUF repository (``tuf_repo``) signs each release bundle (``bundle``) and its manifest
(``manifest``); the central server serves the repository (``routes``) and decides, per
kiosk, which release it should run (``rollout``: a canary share first, then promote or
halt). The operator drives it all with ``kiosk-central release ...`` (``cli``).
"""

"""Signed software updates on the kiosk (issue 20; docs/operations.md, section 10).

``release`` reads the signed manifest, ``fetch`` verifies a release with TUF,
``slots`` keeps A/B release directories behind a ``current`` symlink, ``state`` is the
durable update state in the data directory, ``selftest`` decides whether a freshly
switched release may take money, ``guard`` counts starts (crash loop -> rollback),
``updater`` ties them together and ``worker`` runs it off the GUI thread.
"""

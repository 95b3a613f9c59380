"""Mobile QR payments on the central server (issue 18).

The kiosk never talks to a payment provider: it forwards the customer's one-time
payment code (or asks for a native order to show as a QR code) to this server, which
charges through a provider adapter and tells the kiosk the outcome.

Modules::

    provider.py    the adapter interface: trade states, results, errors
    wechat_sign.py WeChat Pay API v3 signatures (SHA256withRSA) and AES-256-GCM resources
    wechat.py      the reference adapter (WeChat Pay API v3 over HTTP)
    keys.py        key/certificate files (outside the repo) and demo key generation
    emulator*.py   a provider emulator with the same wire semantics, for tests and demo
    schema.py      the qr_payments / qr_refunds / qr_notifications tables
    service.py     money rules: idempotent charge, query-never-assume, reverse, refund
    routes.py      the kiosk endpoints and the provider notification endpoint
    statement.py   the provider's daily statement file, parsed
    reconcile.py   three-way reconciliation kiosk batch <-> server <-> statement

Exceptions::

    CentralError (central.errors)
    └── PaymentError           root of this package's errors
        ├── ProviderUnavailable  no answer / 5xx / SYSTEMERROR: outcome UNKNOWN, query
        └── ProviderRejected     a definite refusal (signature, parameters, state)
"""

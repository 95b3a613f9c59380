"""ASGI entry for several uvicorn workers: each worker process builds its own app.

``uvicorn central.asgi:build --factory --workers 4`` (or ``kiosk-central serve --workers
4``) with the database in ``$KIOSK_CENTRAL_DB``; ``KIOSK_CENTRAL_API_DOCS=1`` turns on
/docs. Workers share nothing but the PostgreSQL database.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from central.app import create_app


def build() -> FastAPI:
    return create_app(os.environ["KIOSK_CENTRAL_DB"],
                      api_docs=os.environ.get("KIOSK_CENTRAL_API_DOCS") == "1")

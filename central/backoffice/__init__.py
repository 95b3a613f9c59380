"""The operator's web back office, served by the central server (docs/operations.md).

Mounted in ``central.app.create_app`` by one line, ``build_router(db, clock)``. Pages are
server-rendered Jinja2 templates with plain forms and no scripts; every asset is in
``static/`` (it works with no internet). Chinese first, English by a switch.
"""

from central.backoffice.router import build_router

__all__ = ["build_router"]

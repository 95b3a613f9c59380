"""Assemble the customer window over a core: window, bridge, flows, start-up settings.

Why a module of its own, apart from ``lab.demo.app``: the production window
(``ui.kiosk_app``), the demo and the cold-start benchmark all build the same UI, and
importing it must not import the demo's machinery (``lab.demo.rig`` pulls in the reference
server's launcher and every device driver); the cold start pays for every import.
The maintenance screens are imported only when a maintenance stack is given.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ui.bridge import CoreBridge
from ui.customer import CustomerFlow
from ui.i18n import Translations
from ui.widgets.chrome import Clock
from ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.staff.setup import MaintenanceStack


def build_ui(core: object, config: Config, translations: Translations, lang: str,
             clock: Clock = datetime.now, maint: MaintenanceStack | None = None
             ) -> CustomerFlow:
    """The customer window wired to ``core`` through a ``CoreBridge``.

    With ``maint`` (the maintenance stack on the same store) the window also follows
    the service state (out-of-service page) and has the staff screens. ``ui.large_text``
    opens the window in large-text mode (the customer can still switch it off).
    """
    translations.switch(lang)
    window = KioskWindow(str(config.get("brand")), lang=lang, clock=clock,
                         switch_language=translations.switch)
    bridge = CoreBridge(core, parent=window)
    flow = CustomerFlow(window, bridge)
    if maint is not None:
        from ui.maintenance.flow import MaintenanceFlow
        from ui.service import ServiceWatch

        flow.service_watch = ServiceWatch(window, bridge, maint.service_state)
        flow.staff = MaintenanceFlow(flow, maint)
    if bool(config.get("ui.large_text")):
        window.set_large_text(True)
    window.retranslate()
    flow.refresh()
    return flow

"""``python -m kiosk_cli ...`` is the ``kiosk`` command."""

import sys

from kiosk_cli.main import main

sys.exit(main())

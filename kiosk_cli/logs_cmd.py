"""``kiosk logs``: hand the technician the (redacted) logs as one archive."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from kiosk.logs import export_logs
from kiosk_cli.common import add_command, add_group, emit
from kiosk_cli.maint_access import opened


def register(sub: Any) -> None:
    group = add_group(sub, "logs", "Structured JSON logs in the data directory.",
                      "kiosk logs export --out /media/usb/kiosk-logs.tar.gz")
    p = add_command(group, "export", "Write all log files, card numbers redacted, to a "
                    "tar.gz (audited).", "kiosk logs export --out /tmp/kiosk-logs.tar.gz")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="archive path (default: <data_dir>/kiosk-logs-<time>.tar.gz)")
    p.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        path = export_logs(stack.data_dir, args.out)
        stack.auditor.record(f"cli:{getpass.getuser()}", "shell", "logs.export",
                             {"file": str(path)})
        emit({"exported": str(path), "bytes": path.stat().st_size})
    return 0

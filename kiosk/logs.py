"""Structured JSON logs in the data directory, rotated, with card numbers redacted.

Why a filter on every record and not care at each call site: one careless
``log.info("reply %r", frame)`` is enough to put a PAN on disk. The filter rewrites any
run of 13-19 digits (optionally split by spaces or dashes, as card numbers are printed)
in the message, its arguments and extra fields to ``[REDACTED]``, keeping at most
nothing of it: a masked ``622848******1234`` has no such run and passes unchanged.
"""

from __future__ import annotations

import io
import json
import logging
import logging.handlers
import re
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOG_FILE = "kiosk.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
CARD_LIKE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
REDACTED = "[REDACTED]"
_STD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message"}


def redact(text: str) -> str:
    return CARD_LIKE.sub(REDACTED, text)


def scrub(value: Any) -> Any:
    """Redact card-like digit runs in strings (and long ints) anywhere in a structure.

    Floats are left alone: their fractional digits are not card numbers.
    """
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) >= 13:
        return redact(str(value))
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(v) for v in value)
    if isinstance(value, bytes | bytearray):
        return redact(bytes(value).hex(" "))
    return value


class RedactCardNumbers(logging.Filter):
    """Renders the message once, redacts it, and drops the args (they are in it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = redact(message), None
        for key in list(record.__dict__):
            if key not in _STD_ATTRS:
                record.__dict__[key] = scrub(record.__dict__[key])
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, and any ``extra=`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname, "logger": record.name, "msg": record.getMessage()}
        for key, value in record.__dict__.items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                out[key] = value
        if record.exc_text:
            out["exc"] = record.exc_text
        elif record.exc_info:
            out["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(data_dir: Path, level: int = logging.INFO, *, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS) -> logging.Handler:
    """Install the rotating JSON handler on the root logger; returns it (for removal)."""
    log_dir = Path(data_dir) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_dir / LOG_FILE, maxBytes=max_bytes,
                                                   backupCount=backups, encoding="utf-8")
    handler.addFilter(RedactCardNumbers())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler


def export_logs(data_dir: Path, out: Path | None = None) -> Path:
    """A tar.gz of every log file, redacted once more on the way out (older files may
    predate the filter). Default name: ``<data_dir>/kiosk-logs-YYYYmmddTHHMMSS.tar.gz``."""
    log_dir = Path(data_dir) / "logs"
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = Path(out) if out else Path(data_dir) / f"kiosk-logs-{stamp}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(log_dir.glob(LOG_FILE + "*")) if log_dir.is_dir() else []:
            data = redact(path.read_text(encoding="utf-8", errors="replace")).encode()
            info = tarfile.TarInfo(f"logs/{path.name}")
            info.size, info.mtime, info.mode = len(data), int(path.stat().st_mtime), 0o644
            tar.addfile(info, io.BytesIO(data))
    return target

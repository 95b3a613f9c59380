"""Process figures a soak compares at start and end: memory, descriptors, threads, disk."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import psutil


def process_figures(db: Path | None = None) -> dict[str, int]:
    """RSS bytes, open fds, threads and the journal's size on disk (db + WAL)."""
    proc = psutil.Process(os.getpid())
    out = {"rss": int(proc.memory_info().rss), "fds": int(proc.num_fds()),
           "threads": threading.active_count(), "os_threads": int(proc.num_threads())}
    if db is not None:
        out["db_bytes"] = sum(p.stat().st_size for p in (db, Path(f"{db}-wal"))
                              if p.exists())
    return out

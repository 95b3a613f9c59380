"""A real TUF repository, a real central server and real slots in a temp dir.

``world`` publishes releases with the operator's own tooling (``central.releases``),
serves them from a real HTTP server on 127.0.0.1, and builds the kiosk's updater
against them. A release bundle carries real copies of the ``kiosk`` and
``offline_queue`` packages, so a process started from a slot runs the slot's code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from central.releases import bundle
from central.releases.manifest import Manifest, bundle_name
from central.releases.rollout import Rollout
from central.releases.tuf_repo import ReleaseRepository
from central.testing import run_server
from kiosk.update.fetch import ReleaseFetcher
from kiosk.update.selftest import store_schema
from kiosk.update.server import ReleaseServer
from kiosk.update.updater import Settings, Updater
from offline_queue.auth import HmacAuth
from offline_queue.store import Store

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("kiosk", "offline_queue")


class Gate:
    """The core's side of the switch (kiosk.update.gate.SwitchGate)."""

    def __init__(self) -> None:
        self.busy: str | None = None
        self.held = False

    def hold_for_switch(self) -> str | None:
        if self.busy:
            return self.busy
        self.held = True
        return None

    def release_hold(self) -> None:
        self.held = False


@dataclass
class World:
    tmp: Path
    url: str
    admin: Any
    repo: ReleaseRepository
    auth: HmacAuth
    store: Store
    gate: Gate = field(default_factory=Gate)
    restarts: list[str] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.tmp / "data"

    @property
    def slots_root(self) -> Path:
        return self.tmp / "releases"

    def publish(self, version: str, *, data_schema: dict[str, int] | None = None,
                rollback: bool = True, canary: int = 100,
                edit: Callable[[Path], None] | None = None) -> Path:
        src = self.tmp / f"src-{version}"
        for pkg in PACKAGES:
            shutil.copytree(ROOT / pkg, src / pkg,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        init = src / "kiosk" / "__init__.py"
        init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"',
                               init.read_text()))
        if edit:
            edit(src)
        manifest = Manifest(version, store_schema(self.store) if data_schema is None
                            else data_schema, {}, rollback)
        name = bundle_name(version)
        path = bundle.build(self.tmp / name, manifest, [src / p for p in PACKAGES])
        self.repo.publish(name, path, {"kiosk_release": manifest.as_dict()})
        rollout = Rollout(self.admin.db)
        for rel in rollout.status():
            if rel["stage"] == "canary":
                rollout.promote(rel["version"])
        rollout.add(manifest, name, canary)
        return self.repo.targets_dir

    def updater(self, *, quiet_hours: str = "", hour: int = 3) -> Updater:
        return Updater(
            Settings(self.slots_root, quiet_hours=quiet_hours), self.data_dir,
            fetcher=ReleaseFetcher(self.url, self.data_dir,
                                   self.repo.metadata_dir / "root.json", self.auth),
            server=ReleaseServer(self.url, "K0001", self.auth), gate=self.gate,
            restart=self.restarts.append, data_schema=lambda: store_schema(self.store),
            local_now=lambda: datetime(2026, 12, 2, hour, 30))

    def run(self, module: str, *args: str, slot: bool) -> subprocess.CompletedProcess[str]:
        """A process as systemd would start it: the guard from the base install, the
        kiosk from ``current`` (PYTHONPATH=<root>/current/lib)."""
        path = str(self.slots_root / "current" / "lib") if slot else str(ROOT)
        env = {**os.environ, "PYTHONPATH": path}
        return subprocess.run([sys.executable, "-m", module, "--root", str(self.slots_root),
                               "--data-dir", str(self.data_dir), *args],
                              env=env, cwd=self.data_dir, capture_output=True, text=True,
                              timeout=60)

    def start_kiosk(self) -> tuple[int, dict[str, Any] | None]:
        """One start by systemd: ExecStartPre guard, then the post-switch self-test."""
        guard = self.run("kiosk.update.guard", slot=False)
        assert guard.returncode == 0, guard.stderr
        proc = self.run("kiosk.update.boot", "--server-url", self.url, slot=True)
        lines = proc.stdout.strip().splitlines()
        return proc.returncode, json.loads(lines[-1]) if lines else None

    def reports(self, version: str) -> list[dict[str, Any]]:
        return Rollout(self.admin.db).reports(version)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "kiosk.db")
    with store.atomic() as tx:
        for i in range(3):
            tx.journal("note_stacked", {"n": i, "amount": 10000})
            tx.enqueue("transaction", f"rec-{i}", {"n": i, "amount": 10000})
    repo = ReleaseRepository(tmp_path / "repo", tmp_path / "keys")
    repo.init()
    with run_server(tmp_path / "central.db", release_repo=repo.dir) as (url, admin):
        auth = HmacAuth("K0001", bytes.fromhex(admin.add_kiosk("K0001")))
        yield World(tmp_path, url, admin, repo, auth, store)
    store.close()

"""The TUF repository on disk: four top-level roles, consistent snapshots, expiry.

Layout under the repository directory (served as is, by the central server or any
static host)::

    metadata/1.root.json  root.json  N.targets.json  N.snapshot.json  timestamp.json
    targets/<sha256>.kiosk-1.2.0.tar.gz

Consistent snapshots (versioned metadata names, hash-prefixed targets) mean a kiosk in
the middle of an update never mixes files of two publications; ``timestamp.json`` is
replaced last and atomically, so a publish is visible all at once or not at all. Every
change bumps the version of each role it touches (the kiosk refuses older versions:
rollback attack) and renews its expiry (an attacker replaying old metadata is caught
once it expires: freeze attack). ``clock`` is injectable so tests can build metadata
that has already expired.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Signed,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from central.releases import keys
from central.releases.errors import ReleaseError, SigningKeyError

T = TypeVar("T", bound=Signed)


@dataclass(frozen=True)
class Expiry:
    """Lifetimes per role (docs/operations.md explains the choice)."""

    root: timedelta = timedelta(days=365)
    targets: timedelta = timedelta(days=90)
    snapshot: timedelta = timedelta(days=7)
    timestamp: timedelta = timedelta(days=1)


class ReleaseRepository:
    def __init__(self, repo_dir: str | Path, keys_dir: str | Path | None = None, *,
                 clock: Callable[[], float] = time.time, expiry: Expiry | None = None) -> None:
        self.dir = Path(repo_dir)
        self._keys_dir = None if keys_dir is None else Path(keys_dir)
        self.metadata_dir = self.dir / "metadata"
        self.targets_dir = self.dir / "targets"
        self._clock = clock
        self.expiry = expiry or Expiry()
        if self._keys_dir is not None:
            keys.check_location(self._keys_dir, self.dir)

    @property
    def keys_dir(self) -> Path:
        """Only signing needs the keys; reading the repository does not."""
        if self._keys_dir is None:
            raise SigningKeyError("this operation signs: name the key directory (--keys)")
        return self._keys_dir

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC).replace(microsecond=0)

    # -- creating ---------------------------------------------------------------------
    def init(self) -> dict[str, str]:
        """Generate the role keys and version 1 of every role; returns the key ids."""
        if (self.metadata_dir / "root.json").exists():
            raise ReleaseError(f"{self.dir} already holds a TUF repository")
        keyids = keys.generate(self.keys_dir)
        now = self._now()
        root = Root(expires=now + self.expiry.root, consistent_snapshot=True)
        for role in keys.ROLES:
            root.add_key(keys.signer(self.keys_dir, role).public_key, role)
        self.metadata_dir.mkdir(parents=True, exist_ok=True)
        self.targets_dir.mkdir(parents=True, exist_ok=True)
        self._write(Metadata(root), "1.root.json")
        _atomic_write(self.metadata_dir / "root.json",
                      (self.metadata_dir / "1.root.json").read_bytes())
        targets = Targets(expires=now + self.expiry.targets)
        self._write(Metadata(targets), "1.targets.json")
        self._snapshot_and_timestamp(targets_version=1, snapshot_version=1, timestamp_version=1)
        return keyids

    def publish(self, name: str, local: Path, custom: dict[str, Any]) -> TargetFile:
        """Add (or replace) target ``name`` with the bytes of ``local``; re-sign."""
        targets = self.load(Targets, f"{self._targets_version()}.targets.json")
        info = TargetFile.from_file(name, str(local), ["sha256"])
        info.unrecognized_fields["custom"] = custom
        digest = info.hashes["sha256"]
        dest = self.targets_dir / f"{digest}.{name}"
        if not dest.exists():
            _atomic_copy(local, dest)
        targets.targets[name] = info
        targets.version += 1
        targets.expires = self._now() + self.expiry.targets
        self._write(Metadata(targets), f"{targets.version}.targets.json")
        snap = self._snapshot_version() + 1
        self._snapshot_and_timestamp(targets.version, snap, self._timestamp_version() + 1)
        return info

    def resign_timestamp(self) -> None:
        """New snapshot and timestamp versions with fresh expiry (run daily from cron)."""
        self._snapshot_and_timestamp(self._targets_version(), self._snapshot_version() + 1,
                                     self._timestamp_version() + 1)

    def _snapshot_and_timestamp(self, targets_version: int, snapshot_version: int,
                                timestamp_version: int) -> None:
        now = self._now()
        snapshot = Snapshot(version=snapshot_version, expires=now + self.expiry.snapshot,
                            meta={"targets.json": MetaFile(version=targets_version)})
        snap_name = f"{snapshot_version}.snapshot.json"
        self._write(Metadata(snapshot), snap_name)
        data = (self.metadata_dir / snap_name).read_bytes()
        timestamp = Timestamp(version=timestamp_version, expires=now + self.expiry.timestamp,
                              snapshot_meta=MetaFile(version=snapshot_version,
                                                     length=len(data),
                                                     hashes={"sha256": _sha256(data)}))
        self._write(Metadata(timestamp), "timestamp.json")

    # -- reading ----------------------------------------------------------------------
    def load(self, kind: type[T], filename: str) -> T:
        try:
            md = Metadata[Any].from_file(str(self.metadata_dir / filename))
        except FileNotFoundError:
            raise ReleaseError(f"{self.dir} holds no TUF repository (run `kiosk-central"
                               " release init`)") from None
        if not isinstance(md.signed, kind):
            raise ReleaseError(f"{filename} is not {kind.type} metadata")
        return md.signed

    def _timestamp_version(self) -> int:
        return self.load(Timestamp, "timestamp.json").version

    def _snapshot_version(self) -> int:
        return self.load(Timestamp, "timestamp.json").snapshot_meta.version

    def _targets_version(self) -> int:
        snap = self.load(Snapshot, f"{self._snapshot_version()}.snapshot.json")
        return snap.meta["targets.json"].version

    def targets(self) -> Targets:
        return self.load(Targets, f"{self._targets_version()}.targets.json")

    def root_bytes(self) -> bytes:
        """The trusted root every kiosk is installed with (``update.trusted_root``)."""
        return (self.metadata_dir / "root.json").read_bytes()

    def expiries(self) -> dict[str, dict[str, Any]]:
        """Version, expiry and whether it expired, per role (``release status``)."""
        now = self._now()
        ts = self.load(Timestamp, "timestamp.json")
        snap = self.load(Snapshot, f"{ts.snapshot_meta.version}.snapshot.json")
        roles: dict[str, Signed] = {"root": self.load(Root, "root.json"),
                                    "targets": self.targets(), "snapshot": snap,
                                    "timestamp": ts}
        return {name: {"version": s.version, "expires": s.expires.isoformat(),
                       "expired": s.is_expired(now)} for name, s in roles.items()}

    # -- writing ----------------------------------------------------------------------
    def _write(self, md: Metadata[Any], filename: str) -> None:
        md.sign(keys.signer(self.keys_dir, md.signed.type))
        data = md.to_bytes(JSONSerializer(compact=False))
        _atomic_write(self.metadata_dir / filename, data)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _atomic_copy(src: Path, dest: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

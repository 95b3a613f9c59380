"""A/B release directories under one root, chosen by a ``current`` symlink.

Layout (``update.root``, e.g. ``/opt/kiosk/releases``)::

    slots/1.3.0/release.json, lib/...     one directory per installed release
    current  -> slots/1.4.0               what systemd starts (PYTHONPATH=current/lib)
    previous -> slots/1.3.0               where a rollback goes

No ``current`` means the factory install (the code in the base virtual environment);
no ``previous`` after a switch means rollback returns to the factory install. A new
release is unpacked into ``slots/.partial-<version>`` and renamed when complete, so a
power cut never leaves a half slot under a real name; the running slot is never
written. Symlinks are replaced with ``os.replace`` (atomic). The data directory (journal,
outbox, keys) lives elsewhere and is never touched here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tarfile
from pathlib import Path

from kiosk.update.errors import UpdateError
from kiosk.update.release import Release, version_key


class Slots:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.slots_dir = self.root / "slots"

    def _link(self, name: str) -> Path | None:
        link = self.root / name
        if not link.is_symlink():
            return None
        return self.root / os.readlink(link)

    def _version_of(self, name: str) -> str | None:
        target = self._link(name)
        return None if target is None else target.name

    def current(self) -> str | None:
        """Version of the slot ``current`` names; None = the factory install."""
        return self._version_of("current")

    def previous(self) -> str | None:
        return self._version_of("previous")

    def has(self, version: str) -> bool:
        return (self.slots_dir / version / "release.json").is_file()

    def path(self, version: str) -> Path:
        return self.slots_dir / version

    def release(self, version: str) -> Release:
        return Release.from_file(self.path(version) / "release.json")

    def install(self, bundle: Path, expected: Release) -> Path:
        """Unpack a verified bundle into a new slot; returns the slot directory."""
        version_key(expected.version)
        if expected.version == self.current():
            raise UpdateError("install", f"{expected.version} is the running slot")
        final = self.path(expected.version)
        partial = self.slots_dir / f".partial-{expected.version}"
        self.slots_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(partial, ignore_errors=True)
        try:
            with tarfile.open(bundle, "r:gz") as tar:
                for member in tar.getmembers():
                    if not (member.isfile() or member.isdir()):
                        raise UpdateError("install", f"bundle member {member.name} is not a"
                                          " plain file")
                    if not (member.name == "release.json" or member.name.startswith("lib/")):
                        raise UpdateError("install", f"unexpected bundle member {member.name}")
                tar.extractall(partial, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise UpdateError("install", f"cannot unpack {bundle.name}: {exc}") from None
        inside = Release.from_file(partial / "release.json")
        if inside != expected:
            shutil.rmtree(partial, ignore_errors=True)
            raise UpdateError("install", "the bundle's release.json differs from the signed"
                              " manifest")
        _fsync_tree(partial)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(partial, final)
        return final

    def switch(self, version: str) -> str | None:
        """Point ``current`` at ``version`` and ``previous`` at the old current; returns
        the old current (None = factory)."""
        if not self.has(version):
            raise UpdateError("install", f"no installed slot {version}")
        old = self.current()
        if old is not None:
            self._set("previous", old)
        else:
            self._remove("previous")
        self._set("current", version)
        return old

    def rollback(self) -> str | None:
        """``current`` back to ``previous`` (or the factory install); returns it."""
        back = self.previous()
        if back is not None and self.has(back):
            self._set("current", back)
        else:
            back = None
            self._remove("current")
        self._remove("previous")
        return back

    def prune(self) -> list[str]:
        """Delete every slot except current and previous; returns what went."""
        keep = {self.current(), self.previous()}
        gone = []
        if self.slots_dir.is_dir():
            for slot in sorted(self.slots_dir.iterdir()):
                if slot.name not in keep:
                    shutil.rmtree(slot, ignore_errors=True)
                    gone.append(slot.name)
        return gone

    def _set(self, name: str, version: str) -> None:
        tmp = self.root / f".{name}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(Path("slots") / version, tmp)
        os.replace(tmp, self.root / name)
        _fsync_dir(self.root)

    def _remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / name).unlink()
            _fsync_dir(self.root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))

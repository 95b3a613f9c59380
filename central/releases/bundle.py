"""The release bundle: one gzip tarball a kiosk unpacks into a fresh slot.

Contents::

    release.json        the manifest (the same object the TUF metadata carries)
    lib/<package>/...   the importable code: the contents of the given wheels
                        (pure-Python wheels are zip files of exactly that tree) and/or
                        package directories copied as they are

The kiosk runs a slot with ``PYTHONPATH=<slot>/lib`` in front of its base virtual
environment, which keeps the third-party dependencies (docs/operations.md). The tarball
is deterministic (sorted names, zero mtimes, no owners) so publishing the same input
twice gives the same hash. Wheels with compiled code or ``..`` paths are refused.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from central.releases.errors import ReleaseError
from central.releases.manifest import Manifest

SKIP_SUFFIXES = (".pyc", ".pyo")
VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)
COMPILED_SUFFIXES = (".so", ".pyd", ".dylib")


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ReleaseError(f"refusing unsafe path {name!r} in a release input")
    return path


def _wheel_members(wheel: Path) -> Iterable[tuple[PurePosixPath, bytes]]:
    try:
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                path = _safe(info.filename)
                if path.suffix in COMPILED_SUFFIXES:
                    raise ReleaseError(f"{wheel.name}: compiled file {path} (only pure-Python"
                                       " wheels can go into a bundle)")
                if path.suffix in SKIP_SUFFIXES:
                    continue
                yield path, zf.read(info)
    except zipfile.BadZipFile as exc:
        raise ReleaseError(f"{wheel}: not a wheel: {exc}") from None


def _dir_members(root: Path) -> Iterable[tuple[PurePosixPath, bytes]]:
    if not (root / "__init__.py").is_file():
        raise ReleaseError(f"{root}: not a Python package directory (no __init__.py)")
    for file in sorted(root.rglob("*")):
        if file.is_symlink():
            raise ReleaseError(f"refusing symlink {file} in a release input")
        if not file.is_file() or "__pycache__" in file.parts or file.suffix in SKIP_SUFFIXES:
            continue
        yield PurePosixPath(root.name) / file.relative_to(root).as_posix(), file.read_bytes()


def build(out: Path, manifest: Manifest, inputs: Iterable[Path]) -> Path:
    """Write the bundle for ``manifest`` from wheels and package dirs to ``out``."""
    members: dict[PurePosixPath, bytes] = {}
    for item in inputs:
        if item.is_dir():
            found = _dir_members(item)
        elif item.suffix == ".whl":
            found = _wheel_members(item)
        else:
            raise ReleaseError(f"{item}: expected a .whl file or a package directory")
        for path, data in found:
            if path in members and members[path] != data:
                raise ReleaseError(f"two inputs carry different {path}")
            members[path] = data
    if not members:
        raise ReleaseError("a release needs at least one wheel or package directory")
    _check_version(members, manifest.version)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, "release.json",
             json.dumps(manifest.as_dict(), indent=2, sort_keys=True).encode() + b"\n")
        for path in sorted(members):
            _add(tar, f"lib/{path}", members[path])
    out.write_bytes(gzip.compress(raw.getvalue(), mtime=0))
    return out


def _check_version(members: dict[PurePosixPath, bytes], version: str) -> None:
    """The code must say the version it is released as: the kiosk's heartbeat and
    ``kiosk --version`` read ``kiosk.__version__``, the updater reads the slot's name."""
    init = members.get(PurePosixPath("kiosk/__init__.py"))
    if init is None:
        return
    found = VERSION_LINE.search(init.decode("utf-8", "replace"))
    if found is None or found.group(1) != version:
        said = found.group(1) if found else "nothing"
        raise ReleaseError(f"kiosk/__init__.py says __version__ {said}, the release is"
                           f" {version}: build the wheel with the release's version")


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))

"""The release manifest: what a kiosk must know before it installs a release.

It travels inside the signed TUF targets metadata (the bundle's ``custom`` field), so
the kiosk trusts it exactly as far as it trusts the bundle, and also inside the bundle
(``release.json``) so an installed slot knows what it is. Fields (docs/protocols.md):

- ``version``: ``MAJOR.MINOR.PATCH``; the kiosk only moves forward on its own.
- ``data_schema``: per migration namespace of the kiosk's store, the highest version
  this release migrates the data to (``{"offline_queue": 1, "kiosk": 5}``).
- ``min_data_schema``: the oldest data it can open and migrate (same shape).
- ``rollback``: whether the previous release still runs on data this release migrated.
  ``False`` means the kiosk never installs it automatically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from central.releases.errors import ManifestError

VERSION_RE = re.compile(r"^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$")
NAMESPACE_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MANIFEST_FORMAT = 1


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3)``; anything else is a ManifestError."""
    match = VERSION_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise ManifestError(f"version must be MAJOR.MINOR.PATCH, got {text!r}")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def _schema(value: Any, name: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ManifestError(f"{name} must be an object of namespace -> version")
    out: dict[str, int] = {}
    for key, version in value.items():
        if not (isinstance(key, str) and NAMESPACE_RE.match(key)):
            raise ManifestError(f"{name}: bad namespace {key!r}")
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise ManifestError(f"{name}.{key}: expected a non-negative integer")
        out[key] = version
    return out


@dataclass(frozen=True)
class Manifest:
    version: str
    data_schema: dict[str, int] = field(default_factory=dict)
    min_data_schema: dict[str, int] = field(default_factory=dict)
    rollback: bool = True
    notes: str = ""

    def __post_init__(self) -> None:
        parse_version(self.version)
        for ns, low in self.min_data_schema.items():
            if low > self.data_schema.get(ns, low):
                raise ManifestError(f"min_data_schema.{ns} is above data_schema.{ns}")

    def as_dict(self) -> dict[str, Any]:
        return {"format": MANIFEST_FORMAT, "version": self.version,
                "data_schema": dict(self.data_schema),
                "min_data_schema": dict(self.min_data_schema),
                "rollback": self.rollback, "notes": self.notes}

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        if not isinstance(data, dict):
            raise ManifestError("manifest must be a JSON object")
        if data.get("format") != MANIFEST_FORMAT:
            raise ManifestError(f"unsupported manifest format {data.get('format')!r}")
        rollback = data.get("rollback")
        if not isinstance(rollback, bool):
            raise ManifestError("rollback must be true or false")
        notes = data.get("notes", "")
        if not isinstance(notes, str) or len(notes) > 2000:
            raise ManifestError("notes must be text of at most 2000 characters")
        return cls(version=str(data.get("version")),
                   data_schema=_schema(data.get("data_schema", {}), "data_schema"),
                   min_data_schema=_schema(data.get("min_data_schema", {}), "min_data_schema"),
                   rollback=rollback, notes=notes)


def bundle_name(version: str) -> str:
    """The TUF target path of a release's bundle."""
    parse_version(version)
    return f"kiosk-{version}.tar.gz"

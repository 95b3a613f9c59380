"""The release manifest as the kiosk reads it (format: docs/protocols.md, "Releases").

Written from the documented format, not shared with the server's code: the kiosk
packages and ``central/`` share only the protocol. The kiosk trusts a manifest only
when it came out of TUF-verified targets metadata (``fetch``) or out of a slot it
installed itself from a verified bundle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.update.errors import UpdateError

VERSION = re.compile(r"^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$")


def version_key(text: str) -> tuple[int, int, int]:
    match = VERSION.match(text) if isinstance(text, str) else None
    if match is None:
        raise UpdateError("refused", f"not a release version: {text!r}")
    a, b, c = (int(g) for g in match.groups())
    return a, b, c


def bundle_name(version: str) -> str:
    version_key(version)
    return f"kiosk-{version}.tar.gz"


def _schema(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in value.items()):
        raise UpdateError("refused", "manifest data schema must map namespace -> integer")
    return dict(value)


@dataclass(frozen=True)
class Release:
    version: str
    data_schema: dict[str, int] = field(default_factory=dict)
    min_data_schema: dict[str, int] = field(default_factory=dict)
    rollback: bool = True

    @classmethod
    def from_dict(cls, data: Any) -> Release:
        if not isinstance(data, dict) or data.get("format") != 1:
            raise UpdateError("refused", "manifest missing or in an unknown format")
        if not isinstance(data.get("rollback"), bool):
            raise UpdateError("refused", "manifest does not say whether rollback is possible")
        version = str(data.get("version"))
        version_key(version)
        return cls(version, _schema(data.get("data_schema", {})),
                   _schema(data.get("min_data_schema", {})), data["rollback"])

    @classmethod
    def from_file(cls, path: Path) -> Release:
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise UpdateError("install", f"{path}: unreadable manifest: {exc}") from None

    def schema_problem(self, data: dict[str, int]) -> str | None:
        """Why this release cannot run on a store at migration versions ``data``."""
        for ns, low in self.min_data_schema.items():
            if data.get(ns, 0) < low:
                return (f"store {ns} schema {data.get(ns, 0)} is older than {low}, the"
                        f" oldest {self.version} migrates from")
        for ns, have in data.items():
            if ns in self.data_schema and have > self.data_schema[ns]:
                return (f"store {ns} schema {have} is newer than {self.version} knows"
                        f" ({self.data_schema[ns]})")
        return None

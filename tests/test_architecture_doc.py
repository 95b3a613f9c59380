"""docs/architecture.md draws the current tree: one line per package, none missing, none
left over after a move (issue 13, item 8)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def drawn_packages(text: str) -> list[str]:
    """The folders named in the code block under ``## Layers``, as paths (``kiosk/payment``)."""
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    stack: list[tuple[int, str]] = []
    found = []
    for line in block.splitlines():
        m = re.match(r"^( *)([a-z_0-9]+)/\s", line + " ")
        if not m:
            continue
        indent, name = len(m.group(1)), m.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "/".join([p for _, p in stack] + [name])
        stack.append((indent, name))
        found.append(path)
    return found


def packages() -> set[str]:
    """Every folder with an ``__init__.py`` below the repository's top-level packages."""
    found = {"tests"}
    for init in ROOT.rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT)
        if rel.parts and not rel.parts[0].startswith(".") and "build" not in rel.parts:
            found.add(rel.as_posix())
    return found


def test_architecture_draws_every_package_once() -> None:
    drawn = drawn_packages(DOC.read_text(encoding="utf-8"))
    assert len(drawn) == len(set(drawn)), "a package is drawn twice"
    assert set(drawn) == packages()


def test_reader_follows_indentation() -> None:
    text = "## Layers\n\n```\nkiosk/   app\n  payment/   p\n    long line\nui/  x\n```\n"
    assert drawn_packages(text) == ["kiosk", "kiosk/payment", "ui"]

"""What the import contracts cannot see (the contracts themselves are import-linter's,
in pyproject.toml, run by ``make test``).

import-linter reads ``import`` statements; a module loaded by name at run time
(``importlib.import_module("ui...")``, ``__import__``) is invisible to it. So no project
package may load another project package by name: the composition root (``kiosk_cli``)
uses plain imports, lazy inside functions where start-up needs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk_cli", "lab", "ui", "kiosk", "devices", "offline_queue", "central", "protocol")
#: The only modules kept at the top of kiosk/: configuration, errors, logs, the surface.
KIOSK_TOP_LEVEL = {"__init__.py", "config.py", "errors.py", "logs.py"}


def dynamic_imports(path: Path) -> list[tuple[int, str]]:
    """``(line, target)`` for every ``import_module("pkg...")``/``__import__("pkg...")``
    whose target is a project package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", ""))
                in ("import_module", "__import__")
                and node.args and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] in PACKAGES):
            found.append((node.lineno, str(node.args[0].value)))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_package_loads_another_by_name(package: str) -> None:
    offenders = [f"{p.relative_to(ROOT)}:{line} loads {target}"
                 for p in sorted((ROOT / package).rglob("*.py"))
                 for line, target in dynamic_imports(p)]
    assert offenders == []


def test_checker_catches_a_dynamic_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import importlib\n\ndef f():\n    return importlib.import_module('ui.app')\n")
    assert dynamic_imports(bad) == [(4, "ui.app")]


def test_kiosk_is_grouped_by_concern() -> None:
    """Everything but a handful of cross-cutting modules lives in a concern folder."""
    assert {p.name for p in (ROOT / "kiosk").glob("*.py")} == KIOSK_TOP_LEVEL

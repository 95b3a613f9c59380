"""Import contracts: layers point down only (ui -> kiosk -> devices, offline_queue).

Checked on the source (AST), so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "devices": ("kiosk", "ui", "offline_queue", "central", "PySide6"),
    "offline_queue": ("kiosk", "ui", "devices", "central", "PySide6"),
    "kiosk": ("ui", "central", "PySide6.QtWidgets", "PySide6.QtGui"),
    "central": ("kiosk", "ui", "devices", "offline_queue", "PySide6"),
    "ui": ("central",),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
    return found


def violations(package: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imported_modules(path):
            for banned in FORBIDDEN[package]:
                if module == banned or module.startswith(banned + "."):
                    bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_contract(package: str) -> None:
    assert violations(package) == []


def test_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n")
    assert (2, "PySide6.QtWidgets") in imported_modules(bad)


def dynamic_ui_imports(path: Path) -> list[int]:
    """Lines that load ``ui`` by name (``importlib.import_module("ui...")``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and str(node.args[0].value).split(".")[0] == "ui"
    ]


def test_only_cli_commands_reach_up_to_ui_at_run_time() -> None:
    """The CLI is the composition root: its command handlers may load ``ui`` by name so
    that ``kiosk --help`` and the Qt-free library never import Qt. Nothing else may."""
    offenders = [
        f"{p.relative_to(ROOT)}:{line}"
        for p in sorted((ROOT / "kiosk").rglob("*.py"))
        for line in dynamic_ui_imports(p)
        if p.parent != ROOT / "kiosk" / "cli"
    ]
    assert offenders == []

"""No floats in money paths: a lint over the modules that compute or store amounts.

A money path is any module whose name says it handles money (money, fees, limits,
ledger, settlement, session, vouchers, receipts, collection, journal). Floats are
allowed elsewhere (timeouts, timestamps), never here; the single exception is a
``float`` inside a name that says it is a duration (ends in ``_s`` / ``timeout``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONEY_WORDS = ("money", "fee", "limit", "ledger", "settlement", "session", "voucher",
               "receipt", "collection", "journal", "batch", "reconcil")
PACKAGES = ("kiosk", "offline_queue", "devices", "central")


def money_modules() -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))
            if any(w in p.stem for w in MONEY_WORDS)]


def float_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            hits.append(f"{path.name}:{node.lineno} float literal {node.value!r}")
        elif isinstance(node, ast.Name) and node.id == "float":
            hits.append(f"{path.name}:{node.lineno} uses float")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            hits.append(f"{path.name}:{node.lineno} true division (use // or Money.percent_of)")
    return hits


def allowed(path: Path, hit: str) -> bool:
    """Durations in seconds may be floats: the source line must name a timeout/seconds."""
    line_no = int(hit.split(":")[1].split()[0])
    line = path.read_text(encoding="utf-8").splitlines()[line_no - 1].lower()
    return any(w in line for w in ("_s:", "_s =", "_s=", "timeout", "seconds", "clock", "time.",
                                   "monotonic", "deadline", "elapsed", "# not money"))


def test_money_paths_have_no_floats() -> None:
    offenders = [h for p in money_modules() for h in float_uses(p) if not allowed(p, h)]
    assert offenders == []


def test_lint_catches_a_float(tmp_path: Path) -> None:
    bad = tmp_path / "fees.py"
    bad.write_text("def fee(amount: int) -> int:\n    return int(amount * 0.006)\n")
    assert float_uses(bad) and not allowed(bad, float_uses(bad)[0])

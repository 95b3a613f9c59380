"""No floats in money paths: a lint over the modules that compute or store amounts.

A money path is any module whose name says it handles money (money, fees, limits,
ledger, settlement, session, vouchers, receipts, collection, journal). In those modules
a float literal, ``float`` or true division ``/`` is an error on any line that talks
about money (amount, total, fee, ...), unless the same line is plainly about time
(timestamps and timeouts are seconds, not money). Float literals are errors anywhere in
them unless the line is about time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONEY_WORDS = ("money", "fee", "limit", "ledger", "settlement", "session", "voucher",
               "receipt", "collection", "journal", "batch", "reconcil")
PACKAGES = ("kiosk", "kiosk_cli", "lab", "offline_queue", "devices", "central")


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


TIME_WORDS = ("_s:", "_s ", "_s=", "_s)", "_ts", "ts:", "time", "clock", "now", "deadline",
              "timeout", "elapsed", "monotonic", "period", "_at", "seconds", "age", "iso(",
              "cutover", "-inf")
AMOUNT_WORDS = ("amount", "total", "fee", "gross", "commission", "price", "balance", "due",
                "minor", "cash", "fen", "credit", "money", "denomination", "rate", "sum")


def allowed(path: Path, hit: str) -> bool:
    line_no = int(hit.split(":")[1].split()[0])
    line = path.read_text(encoding="utf-8").splitlines()[line_no - 1].lower()
    about_time = any(w in line for w in TIME_WORDS)
    if "literal" in hit:
        return about_time
    about_money = any(w in line for w in AMOUNT_WORDS)
    return about_time or not about_money


def test_money_paths_have_no_floats() -> None:
    offenders = [h for p in money_modules() for h in float_uses(p) if not allowed(p, h)]
    assert offenders == []


def test_lint_catches_a_float(tmp_path: Path) -> None:
    bad = tmp_path / "fees.py"
    bad.write_text(
        "def fee(amount: int) -> int:\n    return int(amount * 0.006)\n"
        "def share(total: int) -> float:\n    return total / 3\n"
        "def ok(deadline_s: float) -> float:\n    return deadline_s / 2\n"
    )
    hits = [h for h in float_uses(bad) if not allowed(bad, h)]
    assert sorted(h.split()[0] for h in hits) == ["fees.py:2", "fees.py:3", "fees.py:4"]

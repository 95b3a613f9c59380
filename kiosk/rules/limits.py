"""Amount limits, online and offline.

Why backlog limits: cash the server has not acknowledged is only a promise until it is
synced, so its exposure is capped four ways: the size of one offline transaction, the
total not yet synced, the number of such transactions, and the age of the oldest one.
The terms come from the server's signed offline allowance (``kiosk.rules.allowance``);
while a kiosk online has none yet, the ``limits.*`` config stands in for the backlog
terms, but offline without a valid allowance no cash is taken at all. The backlog terms
apply whenever records are waiting (the network is down or the queue is stalled), not
only when the network is down. Beyond any of them cash is disabled with a reason the UI
shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.config import Config
from kiosk.rules.allowance import Allowance


@dataclass(frozen=True)
class Backlog:
    """What the server has not yet received: unsynced money records, their cash and age."""

    unsynced_total: int = 0
    oldest_age_s: float | None = None
    count: int = 0


@dataclass(frozen=True)
class Limits:
    max_transaction: int
    max_offline_transaction: int
    max_offline_total: int
    max_offline_age_s: int
    max_offline_count: int = 20

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        return cls(
            int(config.get("limits.max_transaction")),
            int(config.get("limits.max_offline_transaction")),
            int(config.get("limits.max_offline_total")),
            int(config.get("limits.max_offline_age_s")),
            int(config.get("limits.max_offline_count")),
        )

    def with_allowance(self, a: Allowance | None) -> Limits:
        """These limits with the server's granted terms in force (``a`` valid)."""
        if a is None:
            return self
        return Limits(self.max_transaction, a.per_transaction, a.total, a.max_age_s, a.count)

    def offline_block_reason(self, backlog: Backlog, *, online: bool = False) -> str | None:
        """Why cash is not allowed now because of the unsynced backlog, or ``None``."""
        where = "offline" if not online else "queue stalled"
        if backlog.unsynced_total >= self.max_offline_total:
            return f"{where}: unsynced total limit reached"
        if backlog.count >= self.max_offline_count:
            return f"{where}: unsynced count limit reached"
        if backlog.oldest_age_s is not None and backlog.oldest_age_s > self.max_offline_age_s:
            return f"{where}: oldest unsynced transaction too old"
        return None

    def transaction_cap(self, online: bool, backlog: Backlog) -> int:
        """The most one transaction may take (minor units); 0 when cash is blocked."""
        if self.offline_block_reason(backlog, online=online):
            return 0
        if online and backlog.count == 0:
            return self.max_transaction
        room = self.max_offline_total - backlog.unsynced_total
        per = self.max_transaction if online else min(self.max_offline_transaction,
                                                      self.max_transaction)
        return max(0, min(per, room))


def acceptable_notes(denominations: tuple[int, ...] | list[int], room: int,
                     overshoot: int = 0) -> list[int]:
    """Note values that keep the paid total within ``room`` (what may still be taken).

    ``overshoot`` (> ``room``): when ``room`` cannot be paid exactly with these notes (a
    bill of ¥46.60 and no coins), also the one smallest note above ``room`` that is at most
    ``overshoot``, so the bill can still be paid; the difference is then handled as the
    biller's change policy says (docs/payment.md, "Cash for any amount").
    """
    notes = sorted(d for d in set(denominations) if d > 0)
    ok = [d for d in notes if d <= room]
    if room > 0 and overshoot > room and not payable_exactly(room, ok):
        above = [d for d in notes if room < d <= overshoot]
        if above:
            ok.append(above[0])
    return ok


def payable_exactly(amount: int, notes: list[int]) -> bool:
    """Whether some combination of ``notes`` (any number of each) sums to ``amount``."""
    if amount == 0:
        return True
    if not notes:
        return False
    step = math.gcd(*notes)
    if amount % step:
        return False
    target, units = amount // step, sorted({n // step for n in notes})
    reach = [False] * (target + 1)
    reach[0] = True
    for i in range(1, target + 1):
        reach[i] = any(u <= i and reach[i - u] for u in units)
    return reach[target]

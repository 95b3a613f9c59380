"""Amount limits, online and offline.

Why offline limits: cash taken while the server is unreachable is only a promise until it
is synced, so the operator caps the exposure three ways (``limits.*`` in config): the
size of one offline transaction, the total not yet synced, and the age of the oldest
unsynced record. Beyond any of them cash is disabled with a reason the UI shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import Config


@dataclass(frozen=True)
class Backlog:
    """What the server has not yet received: amount of unsynced money records and age."""

    unsynced_total: int = 0
    oldest_age_s: float | None = None


@dataclass(frozen=True)
class Limits:
    max_transaction: int
    max_offline_transaction: int
    max_offline_total: int
    max_offline_age_s: int

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        return cls(
            int(config.get("limits.max_transaction")),
            int(config.get("limits.max_offline_transaction")),
            int(config.get("limits.max_offline_total")),
            int(config.get("limits.max_offline_age_s")),
        )

    def offline_block_reason(self, backlog: Backlog) -> str | None:
        """Why offline cash is not allowed now, or ``None`` when it is."""
        if backlog.unsynced_total >= self.max_offline_total:
            return "offline: unsynced total limit reached"
        if backlog.oldest_age_s is not None and backlog.oldest_age_s > self.max_offline_age_s:
            return "offline: oldest unsynced transaction too old"
        return None

    def transaction_cap(self, online: bool, backlog: Backlog) -> int:
        """The most one transaction may take (minor units); 0 when cash is blocked."""
        if online:
            return self.max_transaction
        if self.offline_block_reason(backlog):
            return 0
        room = self.max_offline_total - backlog.unsynced_total
        return max(0, min(self.max_offline_transaction, self.max_transaction, room))


def acceptable_notes(denominations: tuple[int, ...] | list[int], room: int) -> list[int]:
    """Note values that keep the paid total within ``room`` (what may still be taken)."""
    return sorted(d for d in denominations if 0 < d <= room)

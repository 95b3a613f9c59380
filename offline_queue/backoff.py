"""Retry timing: exponential backoff with full jitter and a cap, and Retry-After parsing.

Full jitter (delay uniform in [0, min(cap, base * 2**n)]) spreads a fleet of kiosks that
all lost the network at once, so they do not hammer the server in lock-step when it
comes back. A server's Retry-After is a floor: we never come back earlier than asked.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER_S = 3600.0


def full_jitter(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Delay before retry number ``attempt`` (1 = first retry)."""
    ceiling = min(cap, base * (2 ** max(0, min(attempt - 1, 62))))
    return rng.uniform(0.0, ceiling)


def parse_retry_after(value: str | None, now: Callable[[], float]) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None.

    Garbage yields None (fall back to our own backoff); the result is clamped to
    [0, 1 hour] so a broken proxy cannot park the queue for days.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if seconds != seconds:  # NaN
        return None
    return max(0.0, min(MAX_RETRY_AFTER_S, seconds))


def next_delay(attempt: int, base: float, cap: float, rng: random.Random,
               retry_after: float | None) -> float:
    delay = full_jitter(attempt, base, cap, rng)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay

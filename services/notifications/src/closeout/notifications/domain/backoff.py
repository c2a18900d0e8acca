"""When to try a transient delivery failure again."""

from datetime import datetime, timedelta


def retry_delay(attempts: int, base_seconds: float, max_seconds: float) -> float:
    """Exponential: base, 2*base, 4*base ... capped at max_seconds."""
    return min(base_seconds * 2.0 ** max(attempts - 1, 0), max_seconds)


def next_attempt_at(
    now: datetime, attempts: int, base_seconds: float, max_seconds: float
) -> datetime:
    return now + timedelta(seconds=retry_delay(attempts, base_seconds, max_seconds))

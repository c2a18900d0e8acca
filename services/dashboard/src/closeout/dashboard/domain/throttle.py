"""Sign-in throttling: failures counted per account and per client address in a window."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class SignInLimits:
    window: timedelta
    per_account: int
    per_ip: int

    def refusal(self, account_failures: int, ip_failures: int) -> str | None:
        """The message for a throttled sign-in, or None when the attempt may be checked."""
        if account_failures >= self.per_account or ip_failures >= self.per_ip:
            minutes = max(1, round(self.window.total_seconds() / 60))
            return (
                "Too many failed sign-ins. For your security, sign-in is paused for up to "
                f"{minutes} minutes; try again later or reset your password."
            )
        return None

"""What a chaos run does: how many jobs, how fast, which faults and where in the stream."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

SERVICES = ("jobs", "invoicing", "payments", "notifications")
FaultKind = Literal["kill", "broker", "database", "smtp"]


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    target: str  # the service killed, or the part restarted
    at: float  # where in the job stream (0..1 of the jobs reported) it strikes


@dataclass(frozen=True)
class ChaosPlan:
    jobs: int
    rate: float  # jobs reported per second
    kills_per_service: int
    broker_restarts: int
    database_restarts: int
    smtp_outages: int
    smtp_down_seconds: float
    drain_limit_seconds: float = 120
    in_flight: int = 48  # jobs (with their payments) being driven at once
    seed: int = 16
    instances: int = 1  # of each service; faults strike the first, Stripe calls them in turn

    @classmethod
    def full(cls) -> ChaosPlan:
        """`make chaos`: the defaults of the full run, each overridable from the environment."""
        env = os.environ
        return cls(
            jobs=int(env.get("CHAOS_JOBS", "100000")),
            rate=float(env.get("CHAOS_RATE", "25")),
            kills_per_service=int(env.get("CHAOS_KILLS_PER_SERVICE", "8")),
            broker_restarts=int(env.get("CHAOS_BROKER_RESTARTS", "3")),
            database_restarts=int(env.get("CHAOS_DATABASE_RESTARTS", "2")),
            smtp_outages=int(env.get("CHAOS_SMTP_OUTAGES", "1")),
            smtp_down_seconds=float(env.get("CHAOS_SMTP_DOWN_SECONDS", "60")),
            drain_limit_seconds=float(env.get("CHAOS_DRAIN_LIMIT_SECONDS", "120")),
            in_flight=int(env.get("CHAOS_IN_FLIGHT", "48")),
            seed=int(env.get("CHAOS_SEED", "16")),
            instances=int(env.get("CHAOS_INSTANCES", "1")),
        )

    def faults(self) -> list[Fault]:
        """Every fault, each kind spread evenly over the stream (between 5 % and 90 % of it, so
        the last one strikes while work is still flowing), in the order they strike."""
        kinds: list[list[tuple[FaultKind, str]]] = [
            [("kill", service)] * self.kills_per_service for service in SERVICES
        ]
        kinds += [
            [("broker", "kafka")] * self.broker_restarts,
            [("database", "postgresql")] * self.database_restarts,
            [("smtp", "mailpit")] * self.smtp_outages,
        ]
        # Each kind shifted a little from the others, so no two strike at the same point.
        spread = [
            Fault(kind, target, 0.05 + 0.8 * (n + 0.5) / len(group) + 0.01 * shift)
            for shift, group in enumerate(kinds)
            for n, (kind, target) in enumerate(group)
        ]
        return sorted(spread, key=lambda f: f.at)

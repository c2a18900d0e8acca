"""How long and how hard each measurement runs: `full` for `make bench`, `quick` (< 3 min)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    pgbench_seconds: int
    pgbench_clients: int
    kafka_records: int
    http_seconds: int
    """Length of each HTTP run (echo and webhooks at maximum rate, webhooks at 1,000/s)."""
    http_connections: int
    """Closed-loop connections for the maximum-throughput sweeps (the issue's wrk used 20)."""
    webhook_rate: int
    low_load_jobs: int
    low_load_rate: float
    burst_jobs: int
    """Jobs published at once: the end-to-end maximum (drain rate)."""
    sustain_seconds: int
    half_rate_seconds: int
    scaleout_jobs: int
    scaleout_cpu: float
    """CPU quota of each consumer instance in the scale-out run (cores)."""
    webhook_settle_seconds: int
    """How long to wait for the stored webhooks to be processed after each HTTP run."""


FULL = Profile(
    name="full",
    pgbench_seconds=30,
    pgbench_clients=16,
    kafka_records=500_000,
    http_seconds=20,
    http_connections=20,
    webhook_rate=1000,
    low_load_jobs=40,
    low_load_rate=2.0,
    burst_jobs=3000,
    sustain_seconds=300,
    half_rate_seconds=60,
    scaleout_jobs=2000,
    scaleout_cpu=0.5,
    webhook_settle_seconds=300,
)

QUICK = Profile(
    name="quick",
    pgbench_seconds=3,
    pgbench_clients=16,
    kafka_records=30_000,
    http_seconds=3,
    http_connections=20,
    webhook_rate=1000,
    low_load_jobs=10,
    low_load_rate=2.0,
    burst_jobs=120,
    sustain_seconds=10,
    half_rate_seconds=8,
    scaleout_jobs=80,
    scaleout_cpu=0.5,
    webhook_settle_seconds=5,
)

PROFILES = {profile.name: profile for profile in (FULL, QUICK)}

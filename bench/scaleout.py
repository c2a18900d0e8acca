"""Two instances of a consumer service against one: invoicing (the consumer of job.completed),
each instance under the same CPU quota (cgroup v1 `cpu`, when the machine lets us), draining the
same pre-filled backlog of job.completed events. The rate is taken between 10% and 90% of the
backlog done, so start-up and the consumer group's rebalance are not counted."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import asyncpg

from bench import end_to_end
from bench.backlogs import Sampler
from bench.procs import CpuMeter
from bench.stack import BenchStack, free_port

CGROUP = Path("/sys/fs/cgroup/cpu")


def limit_cpu(pid: int, name: str, cores: float) -> bool:
    """Put pid under a CFS quota of `cores` (False when cgroups are not writable here)."""
    group = CGROUP / f"closeout-bench-{name}"
    try:
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(cores * 100_000)))
        (group / "cgroup.procs").write_text(str(pid))
    except OSError:
        return False
    return True


def release_cpu(name: str) -> None:
    with suppress(OSError):
        (CGROUP / f"closeout-bench-{name}").rmdir()


async def _invoices(database: str, run: str) -> int:
    conn = await asyncpg.connect(database)
    try:
        count: int = await conn.fetchval(
            "SELECT count(*) FROM invoices WHERE job_external_id LIKE $1", f"{run}-%"
        )
    finally:
        await conn.close()
    return count


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def drain_rate(
    stack: BenchStack, instances: int, jobs: int, cores: float, timeout: float
) -> dict[str, object]:
    run = end_to_end.new_run(f"so{instances}x")
    await end_to_end.publish(stack.env["KAFKA_BOOTSTRAP_SERVERS"], run, jobs, None)
    await Sampler({"jobs": stack.url("jobs")}).wait_empty(timeout)  # all on invoicing's topic
    procs = [
        stack.start_instance("invoicing", free_port(), f"bench-invoicing-{instances}-{i}")
        for i in range(instances)
    ]
    limited = all([limit_cpu(p.pid, f"{instances}-{i}", cores) for i, p in enumerate(procs)])
    meter = CpuMeter({f"invoicing-{i}": p.pid for i, p in enumerate(procs)})
    meter.start()
    marks: dict[int, float] = {}
    database = stack.database("invoicing")
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            done = await _invoices(database, run)
            for fraction in (10, 90):
                if done >= jobs * fraction / 100 and fraction not in marks:
                    marks[fraction] = time.monotonic()
            if 90 in marks:
                break
            await asyncio.sleep(0.1)
        cpu = meter.stop()
    finally:
        _stop(procs)
        for i in range(instances):
            release_cpu(f"{instances}-{i}")
    if 10 not in marks or 90 not in marks or marks[90] <= marks[10]:
        return {"jobs_per_s": None, "cpu_quota": limited, "cpu_cores": cpu}
    rate = round(0.8 * jobs / (marks[90] - marks[10]), 1)
    return {"jobs_per_s": rate, "cpu_quota": limited, "cpu_cores": cpu}


async def run(stack: BenchStack, jobs: int, cores: float, timeout: float) -> dict[str, object]:
    stack.stop_service("invoicing")
    one = await drain_rate(stack, 1, jobs, cores, timeout)
    two = await drain_rate(stack, 2, jobs, cores, timeout)
    return {
        "scaleout_1_jobs_per_s": one["jobs_per_s"],
        "scaleout_2_jobs_per_s": two["jobs_per_s"],
        "scaleout_cpu_quota_cores": cores if one["cpu_quota"] and two["cpu_quota"] else None,
        "scaleout_partitions": int(stack.env.get("KAFKA_TOPIC_PARTITIONS", "3")),
        "scaleout_cpu_cores": {"one": one["cpu_cores"], "two": two["cpu_cores"]},
    }

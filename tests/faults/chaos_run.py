"""Run the fault run end to end: a private broker, database and mail sink, the four services,
the driver, the drain and the count. `make chaos` runs this module; the suite runs `run_chaos`
in its CI form (tests/faults/test_chaos.py).

    CHAOS_JOBS=5000 make chaos     # a shorter run; see ChaosPlan.full for every setting
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from faults.chaos import ChaosDriver
from faults.chaos_checks import summarize, table, violations, write
from faults.chaos_plan import SERVICES, ChaosPlan
from faults.outage_stack import OutageStack, outage_stack
from support.infra import Infra
from support.private_kafka import private_kafka
from support.processes import REPO, free_port

SUMMARY = REPO / ".local" / "chaos" / "summary.json"


async def run_chaos(infra: Infra, directory: Path, plan: ChaosPlan) -> dict[str, Any]:
    """The run on `infra`'s stripe-mock, with a broker, PostgreSQL and Mailpit of its own."""
    started = time.monotonic()
    async with private_kafka(directory / "kafka") as kafka:
        broker_up = time.monotonic() - started
        async with outage_stack(infra, directory, kafka) as env:
            if plan.instances > 1:
                await start_second_instances(env)
            driver = ChaosDriver(env, kafka, plan)
            driver.say(
                f"broker up in {broker_up:.0f}s, stack in {time.monotonic() - started:.0f}s; {plan}"
            )
            summary = await drive_and_count(driver)
    summary["run_seconds"] = round(time.monotonic() - started, 1)
    summary["violations"] = violations(summary)
    return summary


async def start_second_instances(env: OutageStack) -> None:
    await asyncio.gather(*(env.start_second(name, free_port()) for name in SERVICES))


async def drive_and_count(driver: ChaosDriver) -> dict[str, Any]:
    plan = driver.plan
    try:
        await driver.execute()
        driver.say("every step taken; draining")
        drained = await driver.drain(timeout=max(600, 3 * plan.drain_limit_seconds))
        driver.say(f"drained (after the last fault, after the last work came in): {drained}")
        return await summarize(driver, drained)
    finally:
        await driver.close()


@asynccontextmanager
async def private_stripe_mock(directory: Path) -> AsyncIterator[str]:
    """stripe-mock as `deploy/local/infra.sh install` builds it, on a port of its own."""
    cache = Path(os.environ.get("CLOSEOUT_CACHE_DIR", REPO / ".local/cache"))
    binary = os.environ.get("STRIPE_MOCK_BIN", str(cache / "bin/stripe-mock"))
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (once, before the run)
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    with (directory / "stripe-mock.log").open("ab") as log:
        process = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
            [binary, "-http-addr", f"127.0.0.1:{port}", "-https-addr", "127.0.0.1:0"],
            stdout=log, stderr=log, env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=2) as client:
            for _ in range(300):
                try:
                    await client.get("/v1/customers", headers={"Authorization": "Bearer sk_test_1"})
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


async def main() -> int:
    plan = ChaosPlan.full()
    output = Path(os.environ.get("CHAOS_SUMMARY", SUMMARY))
    with tempfile.TemporaryDirectory(prefix="co-chaos-") as scratch:
        directory = Path(scratch)
        async with private_stripe_mock(directory / "stripe-mock") as stripe:
            # Only stripe-mock is used from here: the run brings its own broker, database and
            # mail sink, which it restarts.
            infra = Infra(
                kafka_bootstrap_servers="unused", postgres_url="unused", smtp_host="unused",
                smtp_port=0, mailpit_api_url="unused", stripe_api_base=stripe,
            )  # fmt: skip
            summary = await run_chaos(infra, directory, plan)
    write(summary, output)
    print(table(summary))
    print(f"summary written to {output}")
    broken = summary["violations"]
    for name in broken:
        print(f"BROKEN: {name}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

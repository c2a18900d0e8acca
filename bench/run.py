"""The whole benchmark, in one run against one private stack: ceilings first, then Closeout's
figures as ratios to them. Writes .local/bench/summary.json and prints it as a table."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from bench import durability, end_to_end, http_load, kafka_perf, pgbench, scaleout, summary, tools
from bench.backlogs import KINDS, Sampler
from bench.procs import CpuMeter, machine_load, rss_mb
from bench.profiles import PROFILES, Profile
from bench.stack import (
    REPO,
    BenchStack,
    attached_stack,
    private_stack,
    stop_private_stack,
)

OUT = REPO / ".local/bench"
CONSUMER_SERVICES = ("jobs", "invoicing", "payments", "notifications")
PHASES = ("low", "ceilings", "webhooks", "e2e", "scaleout")
T = TypeVar("T")


def say(message: str) -> None:
    print(f"[bench] {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


E2E_BACKLOGS = ("kafka_lag", "outbox", "mail_pending")


async def observed(
    stack: BenchStack,
    work: Callable[[], Awaitable[T]],
    allowance: float,
    kinds: tuple[str, ...] = KINDS,
) -> tuple[T, dict[str, Any]]:
    """Run work while sampling the backlogs and every process's CPU."""
    sampler = Sampler({name: stack.url(name) for name in CONSUMER_SERVICES})
    meter = CpuMeter(stack.pids())
    stop = asyncio.Event()
    meter.start()
    sampling = asyncio.create_task(sampler.run(stop))
    try:
        result = await work()
    finally:
        stop.set()
        await sampling
    return result, {"backlogs": sampler.report(allowance, kinds), "cpu_cores": meter.stop()}


async def e2e_phase(
    stack: BenchStack, label: str, count: int, rate: float | None, timeout: float
) -> dict[str, Any]:
    run = end_to_end.new_run(label)
    bootstrap = stack.env["KAFKA_BOOTSTRAP_SERVERS"]
    database = stack.database("notifications")

    async def work() -> tuple[end_to_end.Published, dict[str, float]]:
        published = await end_to_end.publish(bootstrap, run, count, rate)
        return published, await end_to_end.wait_sent(database, published, timeout)

    (published, sent), seen = await observed(stack, work, rate or 10.0, E2E_BACKLOGS)
    values = end_to_end.latencies(published, sent)
    result = {
        "offered_per_s": rate,
        "jobs": count,
        "sent": len(sent),
        "jobs_per_s": end_to_end.throughput(published, sent),
        "p50_s": end_to_end.percentile(values, 0.5),
        "p99_s": end_to_end.percentile(values, 0.99),
        **seen,
    }
    say(f"e2e {label}: {json.dumps({k: v for k, v in result.items() if k != 'cpu_cores'})}")
    return result


async def settle(stack: BenchStack, timeout: float = 120) -> float | None:
    sampler = Sampler({name: stack.url(name) for name in CONSUMER_SERVICES})
    return await sampler.wait_empty(timeout)


async def measure(
    stack: BenchStack, profile: Profile, work: Path, only: set[str]
) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "profile": profile.name,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_avg_at_start": machine_load(),
        "stack_up_s": stack.up_seconds,
        "kafka_topic_partitions": int(stack.env.get("KAFKA_TOPIC_PARTITIONS", "3")),
    }
    raw["durability"] = await durability.assert_durable(stack.postgres_url)
    await asyncio.sleep(5)
    raw["rss_mb_idle"] = {
        name: rss_mb(pid)
        for name in [*CONSUMER_SERVICES, "dashboard"]
        if (pid := stack.service_pid(name))
    }
    phases: dict[str, Any] = {}

    if "low" in only:
        await low_load(stack, profile, raw, phases)
    if "ceilings" in only:
        await ceilings(stack, profile, work, raw)
    if "e2e" in only:
        await e2e_runs(stack, profile, raw, phases)
    if "scaleout" in only:
        say("scale-out: invoicing, one instance against two")
        raw |= await scaleout.run(stack, profile.scaleout_jobs, profile.scaleout_cpu, timeout=300)
        await settle(stack)  # its invoices' mail and mirrors, before the webhooks share the CPU
    if "webhooks" in only:  # last: the quick profile leaves their processing unfinished
        await webhooks(stack, profile, work, raw, phases)
    raw["load_avg_at_end"] = machine_load()
    raw["phases"] = phases
    return raw


Raw = dict[str, Any]


async def low_load(stack: BenchStack, profile: Profile, raw: Raw, phases: Raw) -> None:
    say("e2e at low load")
    phases["low_load"] = await e2e_phase(
        stack, "low", profile.low_load_jobs, profile.low_load_rate, 60
    )
    raw["e2e_p50_s_low_load"] = phases["low_load"]["p50_s"]


async def ceilings(stack: BenchStack, profile: Profile, work: Path, raw: Raw) -> None:
    say("ceilings: pgbench, Kafka producer perf, bare echo")
    raw |= await pgbench.run(
        stack.postgres_url,
        seconds=profile.pgbench_seconds,
        clients=profile.pgbench_clients,
        workdir=work,
    )
    raw |= await asyncio.to_thread(
        kafka_perf.run, stack.env["KAFKA_BOOTSTRAP_SERVERS"], records=profile.kafka_records
    )
    raw |= await asyncio.to_thread(
        http_load.echo,
        work,
        seconds=profile.http_seconds,
        connections=profile.http_connections,
        sample_body=http_load.sample_webhook_body(),
    )


async def webhooks(stack: BenchStack, profile: Profile, work: Path, raw: Raw, phases: Raw) -> None:
    say("webhooks: closed loop at maximum, then open model")
    secret = stack.env.get("STRIPE_WEBHOOK_SECRET", "whsec_local_dev_secret").split(",")[0]
    payments = stack.url("payments")
    found, phases["webhooks_max"] = await observed(
        stack,
        lambda: asyncio.to_thread(
            http_load.webhooks_max,
            work,
            payments,
            secret,
            seconds=profile.http_seconds,
            connections=profile.http_connections,
        ),
        allowance=1000,
    )
    raw |= found
    raw["webhooks_processed_after_s"] = await settle(stack, profile.webhook_settle_seconds)
    opened, phases["webhooks_open"] = await observed(
        stack,
        lambda: asyncio.to_thread(
            http_load.webhooks_open,
            work,
            payments,
            secret,
            rate=profile.webhook_rate,
            seconds=profile.http_seconds,
        ),
        allowance=profile.webhook_rate,
    )
    raw |= opened
    raw["webhooks_open_processed_after_s"] = await settle(stack, profile.webhook_settle_seconds)


async def e2e_runs(stack: BenchStack, profile: Profile, raw: Raw, phases: Raw) -> None:
    say("e2e: burst (maximum), sustained, half rate")
    burst = await e2e_phase(stack, "burst", profile.burst_jobs, None, 600)
    phases["burst"] = burst
    raw["e2e_burst_jobs_per_s"] = burst["jobs_per_s"]
    rate = round(0.9 * (burst["jobs_per_s"] or 10.0), 1)
    sustained = await e2e_phase(
        stack,
        "sustain",
        int(rate * profile.sustain_seconds),
        rate,
        profile.sustain_seconds * 3 + 60,
    )
    phases["sustained"] = sustained
    raw["e2e_jobs_per_s"] = sustained["jobs_per_s"]
    raw["e2e_sustained_offered_per_s"] = rate
    raw["e2e_sustained_seconds"] = profile.sustain_seconds
    raw["e2e_sustained_flat"] = (
        sustained["backlogs"]["flat"] and sustained["sent"] == sustained["jobs"]
    )
    await settle(stack)
    half = round((sustained["jobs_per_s"] or rate) / 2, 1)
    phases["half_rate"] = await e2e_phase(
        stack,
        "half",
        max(1, int(half * profile.half_rate_seconds)),
        half,
        profile.half_rate_seconds * 3 + 60,
    )
    raw["e2e_half_rate_per_s"] = half
    raw["e2e_p99_s_at_half_rate"] = phases["half_rate"]["p99_s"]
    await settle(stack)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="KAFKA_TOPIC_PARTITIONS for the stack (default: the services' own)",
    )
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of the services")
    parser.add_argument("--install-only", action="store_true", help="install the tools and stop")
    parser.add_argument("--keep", action="store_true", help="leave the private stack running")
    parser.add_argument("--attach", action="store_true", help="use the stack --keep left running")
    parser.add_argument("--stop", action="store_true", help="stop the stack --keep left running")
    parser.add_argument("--only", nargs="*", choices=PHASES, help="run only these measurements")
    parser.add_argument(
        "--restart",
        nargs="+",
        metavar=("SERVICE", "VAR=VALUE"),
        help="with --attach: restart SERVICE with these settings first (A/B runs)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the stack on the way out
    if args.stop:
        stop_private_stack(OUT / "stack")
        return 0
    say("installing tools (vegeta, smtp-sink, Kafka's perf tool) if missing")
    tools.install()
    if args.install_only:
        return 0
    profile = PROFILES[args.profile]
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    phases = set(args.only or PHASES)
    if args.attach:
        stack = attached_stack(OUT / "stack")
        if args.restart:
            service, *settings = args.restart
            stack.restart_service(service, dict(item.split("=", 1) for item in settings))
            say(f"{service} restarted with {settings}")
        raw = asyncio.run(measure(stack, profile, work, phases))
        raw["restarted_with"] = args.restart
    else:
        say(f"starting a private stack ({profile.name} profile)")
        with private_stack(
            OUT / "stack", partitions=args.partitions, log_level=args.log_level, keep=args.keep
        ) as stack:
            say(f"stack up in {stack.up_seconds}s")
            raw = asyncio.run(measure(stack, profile, work, phases))
    raw["bench_seconds"] = round(time.monotonic() - started, 1)
    result = summary.summarize(raw)
    (OUT / "summary.json").write_text(json.dumps(result, indent=2) + "\n")
    print(summary.table({k: v for k, v in result.items() if k != "phases"}))
    say(f"written {OUT / 'summary.json'}")
    return 0

"""Job completed -> invoice mailed -> paid by card -> receipt: latency per step, end to end.

    make up && source .local/infra.env && uv run python bench/e2e_latency.py [--jobs 10]

Runs against the services `make up` started (default ports, demo business), through their
public interfaces only, exactly like tests/e2e/test_job_to_receipt.py, and prints the
median and worst time of each step.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import itertools

from e2e import flows
from e2e.stack import Stack, job_completed_event, stack_from_environment, unique_email

TOTAL = 138_490
STEPS = ("invoice mailed", "page + viewed", "checkout started", "paid", "receipt mailed")


async def one_job(stack: Stack) -> list[float]:
    email = unique_email("bench")
    event = job_completed_event(email)
    marks = [time.perf_counter()]
    await flows.publish_job(stack, event)
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    marks.append(time.perf_counter())
    await flows.open_page(link)
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    marks.append(time.perf_counter())
    await flows.start_card_checkout(stack, link)
    marks.append(time.perf_counter())
    await flows.pay_by_card(stack, link, invoice["invoice_id"], TOTAL, email, "pi_bench")
    await flows.invoice_paid(stack, invoice["invoice_id"])
    marks.append(time.perf_counter())
    await flows.receipts(stack, email)
    marks.append(time.perf_counter())
    return [b - a for a, b in itertools.pairwise(marks)]


async def main(jobs: int) -> None:
    stack = stack_from_environment()
    runs = [await one_job(stack) for _ in range(jobs)]
    for index, step in enumerate(STEPS):
        values = [run[index] for run in runs]
        print(f"{step:<17} median {statistics.median(values):.2f}s  worst {max(values):.2f}s")
    totals = [sum(run) for run in runs]
    print(
        f"{'whole scenario':<17} median {statistics.median(totals):.2f}s  worst {max(totals):.2f}s"
        f"  ({jobs} jobs, one after another)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10)
    asyncio.run(main(parser.parse_args().jobs))

"""The README's first hour, run as written: `make demo-job` reports a job, `make demo-pay`
pays its invoice the way Stripe confirms a Checkout; the invoice and the receipt arrive."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from e2e import flows
from e2e.stack import Stack, unique_email
from support.processes import REPO


async def demo(stack: Stack, *args: str) -> str:
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(REPO / "deploy/local/demo.py"), *args],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"demo.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


async def test_the_demo_commands_take_a_job_to_a_paid_invoice_and_its_receipt(
    stack: Stack,
) -> None:
    email = unique_email("first-hour")
    reported = await demo(stack, "job", "--email", email)
    lines = reported.splitlines()
    assert lines[0].startswith("job JOB-"), reported
    external_id = lines[0].split()[1]
    assert any(line.startswith("invoice INV-") and ": open, 1384.90 AUD due" in line
               for line in lines), reported  # fmt: skip
    assert f"make demo-pay INVOICE={external_id}" in reported
    invoice_mail = (await flows.mails(stack, email, 1))[0]
    assert "$1,384.90" in invoice_mail["Subject"]

    paid = await demo(stack, "pay", external_id)
    assert paid.splitlines()[-1].endswith(": paid; the receipt is in Mailpit"), paid
    invoice = await flows.invoice_for_job(stack, external_id)
    assert (invoice["status"], invoice["amount_due"]) == ("paid", 0)
    receipts = [m for m in await flows.mails(stack, email, 2) if m["ID"] != invoice_mail["ID"]]
    assert len(receipts) == 1
    assert "$1,384.90" in receipts[0]["Text"]

    again = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(REPO / "deploy/local/demo.py"), "pay", external_id],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode != 0
    assert "is paid: nothing to pay" in again.stderr

"""The database ceiling, same run: pgbench's standard TPC-B-like script, and one transaction
shaped like a consumer's (inbox insert + effect insert + outbox insert, one commit)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from pathlib import Path

import asyncpg

SCALE = 10
CONSUMER_SHAPED = """\
\\set n random(1, 1000000000)
BEGIN;
INSERT INTO bench_inbox (event_id, consumer) VALUES (gen_random_uuid()::text, 'bench');
INSERT INTO bench_effect (id, business_id, amount) VALUES (gen_random_uuid()::text, 'b' || :n, :n);
INSERT INTO bench_outbox (id, topic, key, payload)
  VALUES (gen_random_uuid()::text, 'bench.topic', 'k' || :n, repeat('x', 600));
COMMIT;
"""
TABLES = """
CREATE TABLE IF NOT EXISTS bench_inbox (event_id text, consumer text,
    processed_at timestamptz DEFAULT now(), PRIMARY KEY (event_id, consumer));
CREATE TABLE IF NOT EXISTS bench_effect (id text PRIMARY KEY, business_id text, amount bigint);
CREATE TABLE IF NOT EXISTS bench_outbox (id text PRIMARY KEY, topic text, key text,
    payload text, created_at timestamptz DEFAULT now(), published_at timestamptz);
"""


def _binary() -> str:
    found = shutil.which("pgbench")
    if found is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))
        if not candidates:
            raise RuntimeError("pgbench not found (Debian: postgresql-client)")
        found = str(candidates[-1])
    return found


async def _prepare(postgres_url: str) -> str:
    admin = await asyncpg.connect(f"{postgres_url}/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = 'bench_pgbench'"):
            await admin.execute("CREATE DATABASE bench_pgbench")
    finally:
        await admin.close()
    url = f"{postgres_url}/bench_pgbench"
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(TABLES)
    finally:
        await conn.close()
    return url


def _tps(output: str) -> float:
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    if match is None:
        raise RuntimeError(f"pgbench printed no tps:\n{output[-2000:]}")
    return round(float(match.group(1)), 1)


async def run(postgres_url: str, *, seconds: int, clients: int, workdir: Path) -> dict[str, float]:
    """TPS of both scripts, `clients` connections, for `seconds` each."""
    url = await _prepare(postgres_url)
    return await asyncio.to_thread(_run, url, seconds, clients, workdir)


def _run(url: str, seconds: int, clients: int, workdir: Path) -> dict[str, float]:
    binary = _binary()
    subprocess.run([binary, "-i", "-q", "-s", str(SCALE), url], check=True, capture_output=True)
    script = workdir / "consumer_shaped.sql"
    script.write_text(CONSUMER_SHAPED)
    common = [binary, "-n", "-c", str(clients), "-j", "2", "-T", str(seconds)]
    standard = subprocess.run([*common, url], check=True, capture_output=True, text=True)
    shaped = subprocess.run(
        [*common, "-f", str(script), url], check=True, capture_output=True, text=True
    )
    return {
        "pgbench_tps": _tps(standard.stdout),
        "pgbench_consumer_shaped_tps": _tps(shaped.stdout),
    }

"""The broker's ceiling, same run: Kafka's own producer perf tool (kafka-producer-perf-test.sh,
class ProducerPerformance) with the services' producer settings (acks=all, idempotent)."""

from __future__ import annotations

import re
import subprocess

from bench import tools

RECORD_BYTES = 1000


def run(bootstrap: str, *, records: int) -> dict[str, float]:
    topic = "bench.producer-perf"
    output = subprocess.run(
        [
            "java",
            "-Xmx512m",
            "-cp",
            tools.kafka_classpath(),
            "org.apache.kafka.tools.ProducerPerformance",
            "--topic",
            topic,
            "--num-records",
            str(records),
            "--record-size",
            str(RECORD_BYTES),
            "--throughput",
            "-1",
            "--producer-props",
            f"bootstrap.servers={bootstrap}",
            "acks=all",
            "enable.idempotence=true",
            "linger.ms=5",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    summary = output.strip().splitlines()[-1]
    match = re.search(
        r"([0-9.]+) records/sec .* ([0-9.]+) ms avg latency, ([0-9.]+) ms max", summary
    )
    p99 = re.search(r"([0-9.]+) ms 99th", summary)
    if match is None:
        raise RuntimeError(f"producer perf printed no summary:\n{output[-2000:]}")
    return {
        "kafka_producer_records_per_s": round(float(match.group(1))),
        "kafka_producer_p99_ms": float(p99.group(1)) if p99 else -1.0,
        "kafka_record_bytes": RECORD_BYTES,
    }

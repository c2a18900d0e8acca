"""The outside tools the benchmark drives, installed on first use into the repo's cache dir:
vegeta (Go module proxy), Postfix's smtp-sink (Debian), Kafka's producer perf tool (Maven)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("CLOSEOUT_CACHE_DIR", REPO / ".local/cache"))
KAFKA_VERSION = "3.9.1"
VEGETA = "github.com/tsenart/vegeta/v12@v12.13.0"


def _go() -> str:
    found = shutil.which("go") or (
        "/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None
    )
    if found is None:
        raise RuntimeError("go not found (needed once to build vegeta)")
    return found


def vegeta() -> Path:
    binary = CACHE / "bin" / "vegeta"
    if not binary.exists():
        env = {**os.environ, "GOBIN": str(binary.parent), "GOFLAGS": "-buildvcs=false"}
        subprocess.run([_go(), "install", VEGETA], env=env, check=True)
    return binary


def _apt_install(package: str) -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], env=env, check=True)


def smtp_sink_binary() -> str:
    found = shutil.which("smtp-sink") or (
        "/usr/sbin/smtp-sink" if Path("/usr/sbin/smtp-sink").exists() else None
    )
    if found is None:
        _apt_install("postfix")
        found = "/usr/sbin/smtp-sink"
    return found


def smtp_sink(port: int, logs: Path) -> subprocess.Popen[bytes]:
    """A real SMTP server that accepts every message and keeps none (backlog of 1,000)."""
    logs.mkdir(parents=True, exist_ok=True)
    args = [smtp_sink_binary(), "-c"]
    if os.geteuid() == 0:
        args += ["-u", "nobody"]
    log = (logs / "smtp-sink.log").open("ab")
    return subprocess.Popen(
        [*args, f"127.0.0.1:{port}", "1000"], stdout=log, stderr=subprocess.STDOUT
    )


def kafka_classpath() -> str:
    """The broker's jars plus kafka-tools (ProducerPerformance: kafka-producer-perf-test.sh)."""
    jar_dir = CACHE / "bench"
    jar = jar_dir / f"kafka-tools-{KAFKA_VERSION}.jar"
    if not jar.exists():
        jar_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact=org.apache.kafka:kafka-tools:{KAFKA_VERSION}",
                f"-DoutputDirectory={jar_dir}",
            ],
            check=True,
        )
    return f"{CACHE / 'kafka/libs'}/*:{jar}"


def install() -> None:
    vegeta()
    smtp_sink_binary()
    kafka_classpath()


def vegeta_attack(
    targets: Path, out: Path, *, rate: int | None, seconds: int, connections: int, lazy: bool
) -> dict[str, Any]:
    """Run vegeta on a JSON targets file and return its JSON report.

    lazy: the targets are read as sent (fresh ids: the run ends when they run out), otherwise
    sent round-robin. rate=None: closed loop, `connections` workers as fast as they can."""
    binary = str(vegeta())
    pacing = (
        ["-rate=0", f"-max-workers={connections}", f"-workers={connections}"]
        if rate is None
        else [f"-rate={rate}/1s"]
    )
    with out.open("wb") as results:
        subprocess.run(
            [
                binary,
                "attack",
                "-format=json",
                *(["-lazy"] if lazy else []),
                f"-targets={targets}",
                f"-duration={seconds}s",
                "-timeout=30s",
                f"-connections={connections}",
                *pacing,
            ],
            stdout=results,
            check=True,
        )
    report = subprocess.run(
        [binary, "report", "-type=json", str(out)], capture_output=True, check=True, text=True
    )
    parsed: dict[str, Any] = json.loads(report.stdout)
    return parsed

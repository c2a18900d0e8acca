"""Schemathesis with every check against one service's own OpenAPI document.

The same run for every service: a fixed seed, no example database, one worker (one order of
requests), every phase including the stateful one (links between operations), and every check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEED = "17"
MAX_EXAMPLES = "20"


def run_schemathesis(
    base_url: str, key: str, *extra: str, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`config`: a schemathesis.toml for what one service's schema cannot state (per operation)."""
    configured = ["--config-file", str(config)] if config else []
    command = [
        str(Path(sys.executable).parent / "schemathesis"), *configured, "run",
        f"{base_url}/openapi.json",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--exclude-path", "/readyz",  # answers 503 by design while a dependency is down
        "--header", f"Authorization: Bearer {key}",
        "--max-examples", MAX_EXAMPLES, "--seed", SEED, "--generation-database", "none",
        "--workers", "1", "--no-color", "--request-timeout", "10",
        *extra,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def failures(run: subprocess.CompletedProcess[str]) -> str:
    """What to show when the run failed: the end of its report."""
    return run.stdout[-8000:] + run.stderr[-2000:]

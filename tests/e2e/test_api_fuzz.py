"""schemathesis against every service's OpenAPI document: no 5xx, no unhandled exception."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from e2e.stack import SERVICES, Stack

ROLE_FOR = {"jobs": "integration", "invoicing": "admin", "payments": "admin",
            "notifications": "admin"}  # fmt: skip


@pytest.mark.parametrize("service", SERVICES)
def test_openapi_operations_never_answer_5xx(stack: Stack, service: str) -> None:
    # A business of its own: valid fuzzed PATCHes really change settings, and other
    # scenarios rely on the demo business's.
    key = stack.key(f"fuzz-{service}", ROLE_FOR[service])
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{stack.urls[service]}/openapi.json",
        "--checks", "not_a_server_error",
        "--exclude-path", "/readyz",  # answers 503 by design while a dependency is down
        "--header", f"Authorization: Bearer {key}",
        "--max-examples", "12",
        "--phases", "examples,coverage,fuzzing",
        "--request-timeout", "10",
        "--seed", "20261121",
        "--generation-database", "none",
        "--no-color",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

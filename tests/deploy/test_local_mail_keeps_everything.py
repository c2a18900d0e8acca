"""Mailpit keeps only its newest 500 messages unless told otherwise; a burst must stay whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


def test_the_local_mailpit_runs_without_a_message_limit() -> None:
    state = os.environ.get("CLOSEOUT_STATE_DIR")
    pidfile = Path(state or "", "run", "mailpit.pid")
    if not state or not pidfile.is_file():
        pytest.skip("Mailpit was not started by deploy/local/infra.sh for this run")
    cmdline = Path("/proc", pidfile.read_text().strip(), "cmdline").read_bytes().split(b"\0")
    assert cmdline[cmdline.index(b"--max") + 1] == b"0"


def test_compose_mailpit_keeps_every_message() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["mailpit"]
    assert spec["environment"]["MP_MAX_MESSAGES"] == "0"

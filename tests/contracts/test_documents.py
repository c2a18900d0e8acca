"""The published contract documents: fresh (what `make docs` writes from the code now), the
OpenAPI documents valid OpenAPI, the AsyncAPI document valid to the official AsyncAPI parser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("jobs", "invoicing", "payments", "notifications")
PARSER = Path(__file__).parent / "asyncapi"


# Building four apps and generating four clients: over a minute on a busy 2-core machine.
@pytest.mark.timeout(600)
def test_committed_documents_and_clients_are_what_make_docs_writes() -> None:
    script = ROOT / "deploy/local/contract_docs.py"
    run = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, f"{run.stdout}{run.stderr[-3000:]}run `make docs` and commit"


def test_every_api_service_has_its_openapi_document() -> None:
    assert sorted(p.stem for p in (ROOT / "docs/openapi").glob("*.json")) == sorted(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_openapi_documents_are_valid_openapi(service: str) -> None:
    validate(json.loads((ROOT / f"docs/openapi/{service}.json").read_text()))


def test_asyncapi_document_passes_the_official_parser() -> None:
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node, "node is needed for the official AsyncAPI parser"
    assert npm, "npm installs the official AsyncAPI parser"
    if not (PARSER / "node_modules/@asyncapi/parser").is_dir():
        install = [npm, "ci", "--no-audit", "--no-fund"]
        subprocess.run(install, cwd=PARSER, check=True, capture_output=True)
    run = subprocess.run(
        [node, "validate.mjs", str(ROOT / "docs/asyncapi.json")],
        cwd=PARSER,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr

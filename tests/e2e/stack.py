"""The four services and the dashboard as separate processes, started the way `make up` starts
them."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from closeout.dashboard.settings import DashboardSettings
from closeout.invoicing.settings import InvoicingSettings
from closeout.jobs.settings import JobsSettings
from closeout.notifications.settings import NotificationsSettings
from closeout.payments.settings import PaymentsSettings
from closeout.shared.auth import mint_service_token
from closeout.shared.settings import ServiceSettings
from support.api_keys import issue_key
from support.databases import create_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.otlp_collector import Collector, otlp_collector
from support.processes import REPO

SERVICES = ("jobs", "invoicing", "payments", "notifications", "dashboard")
# The services whose APIs take API keys (the dashboard's users sign in; its pages are HTML).
API_SERVICES = ("jobs", "invoicing", "payments", "notifications")
SETTINGS: dict[str, type[ServiceSettings]] = {
    "jobs": JobsSettings,
    "invoicing": InvoicingSettings,
    "payments": PaymentsSettings,
    "notifications": NotificationsSettings,
    "dashboard": DashboardSettings,
}
AUTH_SECRET = "e2e-auth-secret"
WEBHOOK_SECRET = "whsec_e2e_secret"


@dataclass(frozen=True)
class Stack:
    urls: dict[str, str]
    topic_prefix: str
    env: dict[str, str]
    infra: Infra
    auth_secret: str = AUTH_SECRET
    webhook_secret: str = WEBHOOK_SECRET
    printed: str = ""
    """What the launcher printed once everything was up (URLs, keys, the dashboard sign-in)."""
    traces: Collector | None = None
    """The spans every service exported (the stack runs with `CLOSEOUT_TRACING=otlp`)."""

    def key(self, business_id: str, role: str) -> str:
        """A key every service accepts at once (written into each one's `api_keys` table)."""
        if role == "service":
            return mint_service_token(self.auth_secret, issuer="tests")
        return issue_key(business_id, role, databases=self.database_urls())

    def database_urls(self) -> list[str]:
        """Each service's database, as the services read it from the environment."""
        return [
            self.env.get(f"{name.upper()}_DATABASE_URL") or SETTINGS[name]().database_url
            for name in SERVICES
        ]

    def admin(self, service: str, business_id: str = "demo") -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.urls[service],
            headers={"Authorization": f"Bearer {self.key(business_id, 'admin')}"},
            timeout=10,
        )


def _free_ports(count: int) -> list[int]:
    out = subprocess.run(
        [sys.executable, str(REPO / "deploy/local/free_ports.py"), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    ports: list[int] = list(json.loads(out.stdout).values())
    return ports[:count]


@contextmanager
def running_stack(infra: Infra, state_dir: Path) -> Iterator[Stack]:
    with otlp_collector() as traces:
        yield from _running_stack(infra, state_dir, traces)


def _running_stack(infra: Infra, state_dir: Path, traces: Collector) -> Iterator[Stack]:
    ports = dict(zip(SERVICES, _free_ports(len(SERVICES)), strict=True))
    databases = {
        name: asyncio.run(create_database(infra.postgres_url, f"e2e_{name}")) for name in SERVICES
    }
    prefix = unique_prefix()
    env: dict[str, str] = {
        **os.environ,
        "CLOSEOUT_STATE_DIR": str(state_dir),
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": prefix,
        "SMTP_HOST": infra.smtp_host,
        "SMTP_PORT": str(infra.smtp_port),
        "MAILPIT_API_URL": infra.mailpit_api_url,
        "STRIPE_API_BASE": infra.stripe_api_base,
        "STRIPE_API_KEY": "sk_test_123",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CLOSEOUT_AUTH_SECRET": AUTH_SECRET,
        "LOG_LEVEL": "INFO",
        "CLOSEOUT_TRACING": "otlp",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": traces.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "200",
    }
    for name in SERVICES:
        env[f"{name.upper()}_PORT"] = str(ports[name])
        env[f"{name.upper()}_DATABASE_URL"] = databases[name]
    launcher = [sys.executable, str(REPO / "deploy/local/services.py")]
    started = time.monotonic()
    result = subprocess.run([*launcher, "start"], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        subprocess.run([*launcher, "stop"], env=env, check=False)
        raise RuntimeError(f"services did not start:\n{result.stdout}\n{result.stderr}")
    print(f"e2e stack up in {time.monotonic() - started:.1f}s", file=sys.stderr)
    try:
        yield Stack(
            urls={name: f"http://127.0.0.1:{port}" for name, port in ports.items()},
            topic_prefix=prefix,
            env=env,
            infra=infra,
            printed=result.stdout,
            traces=traces,
        )
    finally:
        subprocess.run([*launcher, "stop"], env=env, check=False, capture_output=True)


def stack_from_environment() -> Stack:
    """The services `make up` started (default ports unless the environment says otherwise)."""
    env = os.environ
    infra = Infra(
        kafka_bootstrap_servers=env.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        postgres_url=env.get("POSTGRES_URL", "postgresql://closeout:closeout@127.0.0.1:5432"),
        smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(env.get("SMTP_PORT", "1025")),
        mailpit_api_url=env.get("MAILPIT_API_URL", "http://127.0.0.1:8025"),
        stripe_api_base=env.get("STRIPE_API_BASE", "http://127.0.0.1:12111"),
    )
    ports = {
        "jobs": 8001,
        "invoicing": 8002,
        "payments": 8003,
        "notifications": 8004,
        "dashboard": 8005,
    }
    return Stack(
        urls={n: f"http://127.0.0.1:{env.get(f'{n.upper()}_PORT', p)}" for n, p in ports.items()},
        topic_prefix=env.get("KAFKA_TOPIC_PREFIX", ""),
        env=dict(env),
        infra=infra,
        auth_secret=env.get("CLOSEOUT_AUTH_SECRET", "local-dev-secret-change-me"),
        webhook_secret=env.get("STRIPE_WEBHOOK_SECRET", "whsec_local_dev_secret").split(",")[0],
    )


def unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


def job_completed_event(
    email: str, *, business_id: str = "demo", external_id: str | None = None
) -> dict[str, Any]:
    """The public `jobs.inbound` shape, as a field platform publishes it."""
    return {
        "specversion": "1.0",
        "id": f"evt-{uuid.uuid4().hex[:8]}",
        "source": "acme-dispatch",
        "type": "job.completed",
        "time": "2026-11-21T10:15:00Z",
        "business_id": business_id,
        "data": {
            "external_id": external_id or f"JOB-{uuid.uuid4().hex[:8]}",
            "title": "Replace water heater",
            "customer": {
                "name": "Dana Lee",
                "email": email,
                "phone": "+61400000000",
                "address": "12 Beach Rd, Manly NSW 2095",
            },
            "currency": "AUD",
            "line_items": [
                {"description": "Labour", "quantity": 3, "unit_amount": 12000, "tax_rate": "10"},
                {
                    "description": "Water heater 50L",
                    "quantity": 1,
                    "unit_amount": 89900,
                    "tax_rate": "10",
                },
            ],
            "completed_at": "2026-11-21T10:14:00Z",
            "notes": "Old unit removed",
        },
    }

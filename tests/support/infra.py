"""Where the real infrastructure is: named by the environment, or started by testcontainers.

`make test` starts Kafka, Postgres, Mailpit and stripe-mock natively on free ports and exports
their addresses. Without those variables and with a Docker engine, testcontainers starts them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Infra:
    kafka_bootstrap_servers: str
    postgres_url: str  # server URL without a database, e.g. postgresql://u:p@host:port
    smtp_host: str
    smtp_port: int
    mailpit_api_url: str
    stripe_api_base: str


def _from_environment() -> Infra | None:
    env = os.environ
    names = ("KAFKA_BOOTSTRAP_SERVERS", "POSTGRES_URL")
    if not all(env.get(n) for n in names):
        return None
    return Infra(
        kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"],
        postgres_url=env["POSTGRES_URL"].rstrip("/"),
        smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(env.get("SMTP_PORT", "1025")),
        mailpit_api_url=env.get("MAILPIT_API_URL", "http://127.0.0.1:8025"),
        stripe_api_base=env.get("STRIPE_API_BASE", "http://127.0.0.1:12111"),
    )


def _docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False, timeout=20)
    return probe.returncode == 0


@contextmanager
def _containers() -> Iterator[Infra]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.kafka import KafkaContainer
    from testcontainers.postgres import PostgresContainer

    with ExitStack() as stack:
        kafka = stack.enter_context(KafkaContainer("apache/kafka:3.9.1").with_kraft())
        postgres = stack.enter_context(
            PostgresContainer("postgres:15", username="closeout", password="closeout")
        )
        mailpit = stack.enter_context(
            DockerContainer("axllent/mailpit:v1.22").with_exposed_ports(1025, 8025)
        )
        stripe = stack.enter_context(
            DockerContainer("stripe/stripe-mock:v0.203.0").with_exposed_ports(12111)
        )
        wait_for_logs(mailpit, "accessible via")
        host = postgres.get_container_host_ip()
        yield Infra(
            kafka_bootstrap_servers=kafka.get_bootstrap_server(),
            postgres_url=f"postgresql://closeout:closeout@{host}:{postgres.get_exposed_port(5432)}",
            smtp_host=mailpit.get_container_host_ip(),
            smtp_port=int(mailpit.get_exposed_port(1025)),
            mailpit_api_url=f"http://{mailpit.get_container_host_ip()}:{mailpit.get_exposed_port(8025)}",
            stripe_api_base=f"http://{stripe.get_container_host_ip()}:{stripe.get_exposed_port(12111)}",
        )


@contextmanager
def discover_infra() -> Iterator[Infra]:
    infra = _from_environment()
    if infra is not None:
        yield infra
        return
    if not _docker_available():
        raise RuntimeError(
            "No infrastructure: set KAFKA_BOOTSTRAP_SERVERS and POSTGRES_URL (`make test` does), "
            "or run with a Docker engine so testcontainers can start them."
        )
    with _containers() as started:
        yield started

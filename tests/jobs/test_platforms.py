"""Field platforms on Kafka: each authenticates with its own SASL/SCRAM principal, may write
only its own topic, and may report jobs only for the businesses granted to it.

These tests need the broker's SASL listener: `make test`'s broker has one
(KAFKA_PLATFORM_BOOTSTRAP_SERVERS); otherwise a private broker is started with infra.sh.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, TopicAuthorizationFailedError

from closeout.jobs.adapters.kafka_admin import new_password, provision_platform, wait_for_access
from closeout.jobs.app import create_app
from closeout.jobs.domain.platforms import topic_of
from closeout.shared.kafka.dlq_tools import read_dead_letters, replay
from support.infra import Infra
from support.jobs import Harness, inbound, settings_for
from support.kafka import unique_prefix
from support.processes import REPO
from support.services import running
from support.waiting import unique

INFRA_SH = REPO / "deploy" / "local" / "infra.sh"
# The first test may start a private broker (about a minute on a loaded machine).
pytestmark = pytest.mark.timeout(360)


@dataclass(frozen=True)
class SaslKafka:
    bootstrap: str  # the services' plaintext listener (super user)
    platform_bootstrap: str  # the SASL/SCRAM listener for field platforms


@pytest.fixture(scope="module")
def sasl_kafka(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SaslKafka]:
    platform = os.environ.get("KAFKA_PLATFORM_BOOTSTRAP_SERVERS")
    if platform:
        yield SaslKafka(infra.kafka_bootstrap_servers, platform)
        return
    state = tmp_path_factory.mktemp("sasl-kafka")
    ports = json.loads(
        subprocess.run(
            [sys.executable, str(REPO / "deploy/local/free_ports.py"), "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    env = {
        **os.environ,
        "CLOSEOUT_STATE_DIR": str(state),
        "CLOSEOUT_KAFKA_HEAP_OPTS": "-Xms128m -Xmx512m",
        **{k: str(v) for k, v in ports.items() if k.startswith("KAFKA_")},
    }

    def kafka(action: str) -> None:
        done = subprocess.run(["bash", str(INFRA_SH), "kafka", action], env=env, text=True,
                              capture_output=True)  # fmt: skip
        assert done.returncode == 0, f"kafka {action}:\n{done.stdout}\n{done.stderr}"

    kafka("start")
    try:
        yield SaslKafka(
            f"127.0.0.1:{ports['KAFKA_PORT']}", f"127.0.0.1:{ports['KAFKA_PLATFORM_PORT']}"
        )
    finally:
        kafka("stop")


@dataclass
class Platform:
    name: str
    password: str
    topic: str


@pytest.fixture
async def platforms(
    sasl_kafka: SaslKafka, infra: Infra, database_url: str
) -> AsyncIterator[tuple[Harness, SaslKafka]]:
    """The jobs app on the SASL-enabled broker (the harness publishes on the plain listener)."""
    prefix, group = unique_prefix(), unique("jobs")
    broker_infra = dataclasses.replace(infra, kafka_bootstrap_servers=sasl_kafka.bootstrap)
    settings = settings_for(
        database_url,
        prefix,
        broker_infra,
        group,
        kafka_platform_bootstrap_servers=sasl_kafka.platform_bootstrap,
        platform_topics_refresh_seconds=0.5,
    )
    async with running(create_app(settings)) as client:
        yield Harness(broker_infra, prefix, database_url, client, unique("biz"), group), sasl_kafka


async def add_platform(h: Harness, kafka: SaslKafka) -> Platform:
    name = unique("fsm")
    password = new_password()
    topic = await provision_platform(
        kafka.bootstrap, name, password, topic_prefix=h.prefix, partitions=1
    )
    await wait_for_access(kafka.platform_bootstrap, name, password, topic)
    return Platform(name, password, topic)


async def grant(h: Harness, platform: str, business_id: str) -> None:
    await h.sql(
        "INSERT INTO platform_grants (platform, business_id) VALUES (:p, :b) RETURNING platform",
        p=platform,
        b=business_id,
    )


async def produce_as(
    kafka: SaslKafka, platform: Platform, topic: str, event: dict[str, Any], password: str = ""
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka.platform_bootstrap,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-256",
        sasl_plain_username=platform.name,
        sasl_plain_password=password or platform.password,
        enable_idempotence=True,
        acks="all",
        request_timeout_ms=10_000,
    )
    await producer.start()
    try:
        key = event["data"]["external_id"].encode()
        await producer.send_and_wait(topic, json.dumps(event).encode(), key=key)
    finally:
        await producer.stop()


async def test_a_platform_reports_a_job_for_a_business_granted_to_it(
    platforms: tuple[Harness, SaslKafka],
) -> None:
    h, kafka = platforms
    platform = await add_platform(h, kafka)
    await grant(h, platform.name, h.business_id)
    await produce_as(kafka, platform, platform.topic, inbound(h.business_id, "JOB-P1"))
    job = await h.job_by_external_id("JOB-P1", timeout=30)
    assert job["status"] == "completed"


async def test_a_report_for_a_business_not_granted_is_dead_lettered_and_can_be_replayed(
    platforms: tuple[Harness, SaslKafka],
) -> None:
    h, kafka = platforms
    platform = await add_platform(h, kafka)
    await grant(h, platform.name, h.business_id)
    other = unique("other-biz")
    await produce_as(kafka, platform, platform.topic, inbound(other, "JOB-FOREIGN"))
    # A later report on the same topic (one partition) is processed after it.
    await produce_as(kafka, platform, platform.topic, inbound(h.business_id, "JOB-LATER"))
    await h.job_by_external_id("JOB-LATER", timeout=30)

    topic = platform.topic.removeprefix(h.prefix)
    letters = await read_dead_letters(kafka.bootstrap, topic, topic_prefix=h.prefix)
    assert len(letters) == 1
    assert (
        f"platform {platform.name!r} may not report jobs for business {other!r}"
        in letters[0].reason
    )
    listed = await h.client.get(
        "/v1/jobs", params={"external_id": "JOB-FOREIGN"}, headers=h.headers(other)
    )
    assert listed.json()["items"] == []

    # Nothing is lost: once granted, `dlq-replay platform.<name>.jobs` applies it.
    await grant(h, platform.name, other)
    assert await replay(kafka.bootstrap, letters, topic_prefix=h.prefix) == 1
    job = await h.job_by_external_id("JOB-FOREIGN", business_id=other, timeout=30)
    assert job["status"] == "completed"


async def test_the_broker_refuses_a_write_to_another_platforms_topic(
    platforms: tuple[Harness, SaslKafka],
) -> None:
    h, kafka = platforms
    mine, theirs = await add_platform(h, kafka), await add_platform(h, kafka)
    await grant(h, theirs.name, h.business_id)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce_as(kafka, mine, theirs.topic, inbound(h.business_id, "JOB-SPOOF"))
    with pytest.raises(TopicAuthorizationFailedError):
        await produce_as(kafka, mine, h.prefix + "jobs.inbound", inbound(h.business_id, "JOB-IN"))


async def test_the_broker_refuses_a_wrong_password(
    platforms: tuple[Harness, SaslKafka], caplog: pytest.LogCaptureFixture
) -> None:
    h, kafka = platforms
    platform = await add_platform(h, kafka)
    event = inbound(h.business_id, "JOB-PW")
    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        await produce_as(
            kafka, platform, platform.topic, event, password="not-" + platform.password
        )
    assert "SaslAuthenticationFailed" in caplog.text
    await produce_as(kafka, platform, platform.topic, event)  # the right one still works


async def test_add_platform_prints_a_working_credential(
    sasl_kafka: SaslKafka, database_url: str
) -> None:
    name, prefix = unique("cli"), unique_prefix()
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": sasl_kafka.bootstrap,
        "KAFKA_PLATFORM_BOOTSTRAP_SERVERS": sasl_kafka.platform_bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_TOPIC_PARTITIONS": "1",
        "JOBS_DATABASE_URL": database_url,
    }

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        command = [str(Path(sys.executable).parent / "closeout-jobs"), *args]
        return subprocess.run(command, input=stdin, env=env, capture_output=True, text=True)

    added = await asyncio.to_thread(
        cli, "add-platform", name, "--business", "acme", "--password-stdin", stdin="s3cret\n"
    )
    assert added.returncode == 0, added.stderr
    topic = topic_of(name, prefix)
    assert added.stdout.strip() == (
        f"platform   {name} / s3cret on {sasl_kafka.platform_bootstrap} "
        f"(SASL SCRAM-SHA-256), topic {topic}"
    )
    listed = await asyncio.to_thread(cli, "list-platforms")
    assert f"{name}\tacme" in listed.stdout.splitlines()
    await produce_as(sasl_kafka, Platform(name, "s3cret", topic), topic, inbound("acme", "JOB-C"))

    revoked = await asyncio.to_thread(cli, "revoke-platform", name, "acme")
    assert revoked.returncode == 0, revoked.stderr
    listed = await asyncio.to_thread(cli, "list-platforms")
    assert f"{name}\tacme" not in listed.stdout.splitlines()

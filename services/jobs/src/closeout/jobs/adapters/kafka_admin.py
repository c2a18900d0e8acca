"""The broker side of a platform: its SCRAM credential, its topic and its ACLs.

aiokafka's admin client has no API for SCRAM credentials or ACLs, so the two requests are
sent with aiokafka's own protocol structs: AlterUserScramCredentials (KIP-554, the only way to
add a SCRAM user to a KRaft cluster after it was formatted) and CreateAcls. They go over the
services' plaintext listener, whose principal is a super user.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError, TopicAlreadyExistsError, for_code
from aiokafka.protocol.admin import CreateAclsRequest
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactBytes,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)

from closeout.jobs.domain.platforms import principal, topic_of
from closeout.shared.events.catalogue import dead_letter_topic

SCRAM_SHA_256 = 1  # ScramMechanism
SCRAM_ITERATIONS = 8192  # Kafka accepts 4096..16384 for SHA-256

# Kafka's ACL enums (org.apache.kafka.common.acl / resource).
RESOURCE_TOPIC = 2
PATTERN_LITERAL = 3
OPERATION_WRITE = 4
OPERATION_DESCRIBE = 8
PERMISSION_ALLOW = 3


class KafkaAdminError(RuntimeError):
    pass


class _AlterUserScramCredentialsResponse_v0(Response):  # type: ignore[misc]  # aiokafka is untyped here
    API_KEY = 51
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("user", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class _AlterUserScramCredentialsRequest_v0(RequestStruct):  # type: ignore[misc]  # aiokafka is untyped here
    FLEXIBLE_VERSION = True
    API_KEY = 51
    API_VERSION = 0
    RESPONSE_TYPE = _AlterUserScramCredentialsResponse_v0
    SCHEMA = Schema(
        (
            "deletions",
            CompactArray(
                ("name", CompactString("utf-8")), ("mechanism", Int8), ("tags", TaggedFields)
            ),
        ),
        (
            "upsertions",
            CompactArray(
                ("name", CompactString("utf-8")),
                ("mechanism", Int8),
                ("iterations", Int32),
                ("salt", CompactBytes),
                ("salted_password", CompactBytes),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class _UpsertScramCredential(Request[_AlterUserScramCredentialsRequest_v0]):  # type: ignore[misc]  # aiokafka is untyped here
    API_KEY = 51

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self.salt = secrets.token_bytes(32)
        # RFC 5802 Hi(): the broker stores keys derived from this, never the password.
        self.salted_password = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), self.salt, SCRAM_ITERATIONS
        )

    def build(
        self, request_struct_class: type[_AlterUserScramCredentialsRequest_v0]
    ) -> _AlterUserScramCredentialsRequest_v0:
        upsertion: tuple[object, ...] = (
            self.user,
            SCRAM_SHA_256,
            SCRAM_ITERATIONS,
            self.salt,
            self.salted_password,
            {},
        )
        return request_struct_class([], [upsertion], {})


class PlatformAccessError(KafkaAdminError):
    """The broker has not (yet) let the platform in with its new credential."""


async def wait_for_access(
    platform_bootstrap: str, name: str, password: str, topic: str, *, timeout: float = 30
) -> None:
    """Wait until the platform listener accepts the credential and shows the platform its
    topic. The broker applies new credentials and ACLs from the metadata log a moment after
    the controller committed them (seconds, on a busy broker)."""
    deadline = asyncio.get_running_loop().time() + timeout
    problem = "no attempt"
    while True:
        client = AIOKafkaClient(
            bootstrap_servers=platform_bootstrap,
            security_protocol="SASL_PLAINTEXT",
            sasl_mechanism="SCRAM-SHA-256",
            sasl_plain_username=name,
            sasl_plain_password=password,
            request_timeout_ms=5000,
        )
        try:
            await client.bootstrap()
            if topic in (await client.fetch_all_metadata()).topics():
                return
            problem = f"the broker does not yet show {topic} to {name}"
        except KafkaError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        finally:
            await client.close()
        if asyncio.get_running_loop().time() >= deadline:
            raise PlatformAccessError(
                f"{name} cannot use {topic} on {platform_bootstrap} after {timeout:.0f}s: {problem}"
            )
        await asyncio.sleep(0.3)


def new_password() -> str:
    return secrets.token_urlsafe(24)


async def provision_platform(
    bootstrap_servers: str,
    name: str,
    password: str,
    *,
    topic_prefix: str = "",
    partitions: int = 3,
) -> str:
    """Create or update the platform's SCRAM user (SCRAM-SHA-256), create its topic (and the
    topic's dead-letter twin), and allow its principal WRITE and DESCRIBE on that topic only.
    Idempotent; a second call sets the new password. Returns the topic."""
    topic = topic_of(name, topic_prefix)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        await _create_topics(admin, [topic, dead_letter_topic(topic)], partitions)
        await _upsert_scram_user(admin, name, password)
        for operation in (OPERATION_WRITE, OPERATION_DESCRIBE):
            await _allow_on_topic(admin, principal(name), topic, operation)
    finally:
        await admin.close()
    return topic


async def _create_topics(admin: AIOKafkaAdminClient, topics: list[str], partitions: int) -> None:
    missing = sorted(set(topics) - set(await admin.list_topics()))
    if missing:
        new = [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in missing]
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(new)


async def _upsert_scram_user(admin: AIOKafkaAdminClient, user: str, password: str) -> None:
    response: Any = await admin._send_request(_UpsertScramCredential(user, password))
    for _user, code, message, _tags in response.results:
        _raise_for(code, message, f"setting the SCRAM credential of {user!r}")


async def _allow_on_topic(admin: AIOKafkaAdminClient, who: str, topic: str, operation: int) -> None:
    request = CreateAclsRequest(
        resource_type=RESOURCE_TOPIC,
        resource_name=topic,
        resource_pattern_type_filter=PATTERN_LITERAL,
        principal=who,
        host="*",
        operation=operation,
        permission_type=PERMISSION_ALLOW,
    )
    response: Any = await admin._send_request(request)
    for code, message in response.creation_responses:
        _raise_for(code, message, f"creating an ACL for {who} on {topic}")


def _raise_for(code: int, message: str | None, doing: str) -> None:
    if code:
        error = for_code(code)
        raise KafkaAdminError(f"{doing} failed: {error.__name__}: {message or error.description}")

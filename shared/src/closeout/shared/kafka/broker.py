"""Factories for the FastStream broker and the plain aiokafka producer, with safe defaults."""

import logging

from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from prometheus_client import REGISTRY

from closeout.shared.sizes import MAX_RECORD_BYTES


def create_broker(bootstrap_servers: str, *, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        max_request_size=MAX_RECORD_BYTES,
        # Subscribers commit only after the handler returned; an exception rewinds to the
        # message so it is redelivered instead of skipped.
        ack_policy=AckPolicy.NACK_ON_ERROR,
        graceful_timeout=15.0,
        # FastStream logs every message; through our JSON handler and at DEBUG it stays quiet.
        logger=logging.getLogger("faststream.closeout"),
        log_level=logging.DEBUG,
        # FastStream's own consumer metrics (faststream_received_messages_total, processing
        # time, in-progress), beside Closeout's per-event outcomes; `app_name` is the service.
        middlewares=(KafkaPrometheusMiddleware(registry=REGISTRY, app_name=client_id),),
    )


def create_producer(bootstrap_servers: str, *, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        request_timeout_ms=15_000,
        # An event of MAX_EVENT_BYTES with its key and headers fits; a larger one fails at
        # once with MessageSizeTooLargeError (the relay parks it) instead of at the broker.
        max_request_size=MAX_RECORD_BYTES,
    )

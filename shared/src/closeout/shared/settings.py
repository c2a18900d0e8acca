"""Settings common to every service, read from environment variables (pydantic-settings).

Each service subclasses `ServiceSettings` and names its own database URL and port variables,
e.g. `JOBS_DATABASE_URL` (falling back to `DATABASE_URL`) and `JOBS_PORT`.

Secrets are declared with `secret_field`. With `CLOSEOUT_ENV=production` a service refuses
to start when a secret is missing, is one of the development values below, or is shorter
than `MIN_SECRET_BYTES` (a comma-separated secret: each of its parts).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Self, TypeVar

from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.observability.tracing import TracingExporter

Environment = Literal["development", "production"]
MIN_SECRET_BYTES = 32
# Every value the repository ships for a secret (defaults, `make run`, docker-compose, docs).
KNOWN_DEV_SECRETS = frozenset(
    {
        "local-dev-secret-change-me",
        DEV_LINK_SECRET,
        "sk_test_123",
        "whsec_local_dev_secret",
        "changeme",
        "secret",
    }
)
_RULE_KEY = "closeout_secret_rule"


@dataclass(frozen=True)
class SecretRule:
    variable: str
    required: bool = True
    min_bytes: int = MIN_SECRET_BYTES
    comma_separated: bool = False

    def problems(self, value: str | None) -> list[str]:
        parts = [value] if not self.comma_separated else (value or "").split(",")
        parts = [p.strip() for p in parts if p and p.strip()]
        if not parts:
            return [f"{self.variable} is not set"] if self.required else []
        found = []
        for index, part in enumerate(parts):
            which = f"{self.variable}" + (f" (secret {index + 1})" if len(parts) > 1 else "")
            if part in KNOWN_DEV_SECRETS:
                found.append(f"{which} is a development value")
            elif len(part.encode()) < self.min_bytes:
                found.append(f"{which} is shorter than {self.min_bytes} bytes")
        return found


def secret_field(
    default: str | None,
    variable: str,
    *,
    required: bool = True,
    min_bytes: int = MIN_SECRET_BYTES,
    comma_separated: bool = False,
) -> Any:
    """A setting that holds a secret: checked in production (see the module docstring)."""
    rule = SecretRule(variable, required, min_bytes, comma_separated)
    return Field(
        default,
        validation_alias=AliasChoices(variable),
        json_schema_extra={_RULE_KEY: rule.__dict__},
    )


def secret_rules(settings: type[BaseSettings]) -> dict[str, SecretRule]:
    """The secrets a settings class declares, by field name."""
    rules = {}
    for name, field in settings.model_fields.items():
        extra = field.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get(_RULE_KEY), dict):
            rules[name] = SecretRule(**extra[_RULE_KEY])  # type: ignore[arg-type]
    return rules


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "closeout"
    environment: Environment = Field("development", alias="CLOSEOUT_ENV")
    database_url: str = "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout"
    host: str = Field("127.0.0.1", alias="HOST")
    port: int = 8000

    kafka_bootstrap_servers: str = Field("127.0.0.1:9092", alias="KAFKA_BOOTSTRAP_SERVERS")
    kafka_topic_partitions: int = Field(3, alias="KAFKA_TOPIC_PARTITIONS")
    # Prepended to every topic name, e.g. to isolate test runs sharing one cluster.
    kafka_topic_prefix: str = Field("", alias="KAFKA_TOPIC_PREFIX")
    kafka_consumer_enabled: bool = Field(True, alias="KAFKA_CONSUMER_ENABLED")
    consumer_max_attempts: int = Field(5, alias="CONSUMER_MAX_ATTEMPTS")
    consumer_retry_base_seconds: float = Field(0.2, alias="CONSUMER_RETRY_BASE_SECONDS")
    # Events of one fetched batch that share a transaction (1: a transaction each).
    consumer_events_per_transaction: int = Field(
        20, ge=1, le=1000, alias="CONSUMER_EVENTS_PER_TRANSACTION"
    )

    outbox_relay_enabled: bool = Field(True, alias="OUTBOX_RELAY_ENABLED")
    outbox_batch_size: int = Field(500, alias="OUTBOX_BATCH_SIZE")
    outbox_poll_seconds: float = Field(1.0, alias="OUTBOX_POLL_SECONDS")
    # Pruning (closeout.shared.db.pruning); 0 turns it off. The inbox must outlive Kafka's
    # retention, or a record redelivered after its inbox row went would be applied again.
    prune_every_seconds: float = Field(300.0, ge=0, alias="PRUNE_EVERY_SECONDS")
    outbox_retention_hours: float = Field(24.0, gt=0, alias="OUTBOX_RETENTION_HOURS")
    inbox_retention_days: float = Field(14.0, ge=8, alias="INBOX_RETENTION_DAYS")

    # Signs the short-lived tokens Closeout's services present to each other (auth.py).
    auth_secret: str = secret_field("local-dev-secret-change-me", "CLOSEOUT_AUTH_SECRET")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    log_json: bool = Field(True, alias="LOG_JSON")
    # Traces (closeout.shared.observability.tracing); `otlp` reads OTEL_EXPORTER_OTLP_*.
    tracing: TracingExporter = Field("off", alias="CLOSEOUT_TRACING")

    @model_validator(mode="after")
    def _refuse_unsafe_secrets_in_production(self) -> Self:
        if self.environment != "production":
            return self
        # A default is a development value by definition: unset is reported as unset.
        problems = [
            problem
            for name, rule in secret_rules(type(self)).items()
            for problem in rule.problems(
                getattr(self, name) if name in self.model_fields_set else None
            )
        ]
        if problems:
            raise ValueError(
                "refusing to start with CLOSEOUT_ENV=production: "
                + "; ".join(problems)
                + " (set each to a random value of at least "
                + f"{MIN_SECRET_BYTES} bytes, e.g. `openssl rand -hex 32`)"
            )
        return self


SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


def load_settings(factory: Callable[[], SettingsT], program: str | None = None) -> SettingsT:
    """Build the settings, or end the process with a short message naming the variables
    (exit status 2) instead of a traceback."""
    try:
        return factory()
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"  {where}: {message}" if where else f"  {message}")
        name = program or (sys.argv[0].rsplit("/", 1)[-1] if sys.argv else "closeout")
        print(f"{name}: invalid settings\n" + "\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None

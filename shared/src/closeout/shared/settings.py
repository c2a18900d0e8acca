"""Settings common to every service, read from environment variables (pydantic-settings).

Each service subclasses `ServiceSettings` and names its own database URL and port variables,
e.g. `JOBS_DATABASE_URL` (falling back to `DATABASE_URL`) and `JOBS_PORT`.
"""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "closeout"
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

    outbox_relay_enabled: bool = Field(True, alias="OUTBOX_RELAY_ENABLED")
    outbox_batch_size: int = Field(500, alias="OUTBOX_BATCH_SIZE")
    outbox_poll_seconds: float = Field(1.0, alias="OUTBOX_POLL_SECONDS")

    auth_secret: str = Field("local-dev-secret-change-me", alias="CLOSEOUT_AUTH_SECRET")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    log_json: bool = Field(True, alias="LOG_JSON")

"""Jobs settings: environment variables with the JOBS_ prefix (plus the shared ones)."""

from pydantic import AliasChoices, Field

from closeout.shared.settings import ServiceSettings


class JobsSettings(ServiceSettings):
    service_name: str = "jobs"
    database_url: str = Field(
        "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout_jobs",
        validation_alias=AliasChoices("JOBS_DATABASE_URL", "DATABASE_URL", "database_url"),
    )
    port: int = Field(8001, validation_alias=AliasChoices("JOBS_PORT", "port"))
    consumer_group: str = Field(
        "jobs", validation_alias=AliasChoices("JOBS_CONSUMER_GROUP", "consumer_group")
    )
    # The SASL/SCRAM listener field platforms connect to (printed with their credentials).
    kafka_platform_bootstrap_servers: str = Field(
        "127.0.0.1:9094", alias="KAFKA_PLATFORM_BOOTSTRAP_SERVERS"
    )
    # How soon a platform added while the service runs has its topic read.
    platform_topics_refresh_seconds: float = Field(
        5.0, alias="JOBS_PLATFORM_TOPICS_REFRESH_SECONDS"
    )

"""The jobs service app: the REST API for field platforms and the Kafka consumers."""

from __future__ import annotations

from fastapi import FastAPI

from closeout.jobs.api.jobs import router
from closeout.jobs.consumers import build_consumer
from closeout.jobs.settings import JobsSettings
from closeout.jobs.workers import PlatformIntake
from closeout.shared.web.app import create_service_app

DESCRIPTION = (
    "The job record field platforms report into (REST here, or CloudEvents on `jobs.inbound`),"
    " the source of `job.completed`, and each job's billing status mirrored from invoice and"
    " payment events. Authenticate with a business's API key (`Authorization: Bearer cok_...`"
    " or `X-API-Key`), role `integration` or `admin`."
)


def create_app(settings: JobsSettings | None = None) -> FastAPI:
    settings = settings if settings is not None else JobsSettings()
    return create_service_app(
        title="Closeout jobs",
        description=DESCRIPTION,
        settings=settings,
        routers=[router],
        consumers=[build_consumer(settings)],
        background=[PlatformIntake(settings).run],
    )

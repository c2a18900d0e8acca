"""The FastAPI application every service is built on, with the Kafka broker in its lifespan."""

import importlib.util
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from closeout.shared.api_keys import api_key_projection
from closeout.shared.db.migrate import MigrationState
from closeout.shared.events.asyncapi import asyncapi_document
from closeout.shared.kafka import EventConsumer
from closeout.shared.logging import configure_logging
from closeout.shared.observability.tracing import configure_tracing
from closeout.shared.settings import SettingsT
from closeout.shared.web.errors import answer_domain_errors
from closeout.shared.web.faults import answer_infrastructure_faults_with_503
from closeout.shared.web.limits import BodySizeLimit
from closeout.shared.web.metrics import MetricsProbe, add_metrics
from closeout.shared.web.nul_rule import operations_refusing_nul
from closeout.shared.web.problem_docs import document_problems
from closeout.shared.web.problems import answer_problems
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime


def create_service_app(
    *,
    title: str,
    settings: SettingsT,
    routers: Sequence[APIRouter] = (),
    consumers: Sequence[EventConsumer] = (),
    background: Sequence[BackgroundTask] = (),
    metrics: Sequence[MetricsProbe] = (),
    description: str = "",
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """A service app: its routers, `/healthz`, `/readyz`, `/asyncapi.json`, and in its
    lifespan the database, the Kafka consumers, the outbox relay and background tasks.
    A `DomainError` raised anywhere below a route is answered here (`web.errors`).
    `body_limits` raises the request body limit for the exact paths it names."""

    # Every service keeps its own copy of the issued API keys (see closeout.shared.api_keys).
    migrations = _migrations_of(settings.service_name)
    migration_state = MigrationState(migrations) if migrations is not None else None
    key_projection = api_key_projection(
        settings.service_name,
        max_attempts=settings.consumer_max_attempts,
        retry_base_seconds=settings.consumer_retry_base_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name, settings.log_level, settings.log_json)
        configure_tracing(settings.service_name, settings.tracing)
        runtime = ServiceRuntime.build(settings)
        app.state.runtime = runtime
        try:
            await runtime.start([*consumers, key_projection], list(background))
            yield
        finally:
            await runtime.close()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        # One schema per model, for requests and answers alike: what a client sends back is
        # what it read (and generated clients get one class per model).
        separate_input_output_schemas=False,
        # FastAPI traces each request itself (continuing an incoming `traceparent`); the
        # exporter is ours to choose (CLOSEOUT_TRACING), not OTEL_* auto-configuration.
        telemetry={"auto_configure": False},
    )
    app.add_middleware(BodySizeLimit, larger=body_limits or {})
    add_metrics(app, settings.service_name, metrics)
    answer_problems(app)
    answer_domain_errors(app)
    answer_infrastructure_faults_with_503(app)
    for router in routers:
        app.include_router(router)

    @app.get("/healthz", tags=["ops"], summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": settings.service_name}

    @app.get(
        "/readyz",
        tags=["ops"],
        summary=(
            "Readiness: database and Kafka reachable, migrations current,"
            " no consumer waiting out a fault"
        ),
    )
    async def readyz(request: Request) -> Response:
        runtime: ServiceRuntime[SettingsT] = request.app.state.runtime
        checks: dict[str, str] = {}
        try:
            async with runtime.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                checks["database"] = "ok"
                if migration_state is not None:
                    checks["migrations"] = await migration_state.problem(conn) or "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        checks["kafka"] = "ok" if await runtime.broker.ping(timeout=2) else "unreachable"
        faults = runtime.consumer_faults()
        checks["consumers"] = (
            "ok"
            if not faults
            else "waiting out: " + "; ".join(f"{n}: {f}" for n, f in faults.items())
        )
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @app.get("/asyncapi.json", tags=["ops"], summary="The event catalogue (AsyncAPI 3.0)")
    async def asyncapi() -> dict[str, Any]:
        return asyncapi_document()

    document_problems(app, operations_refusing_nul(routers))
    return app


def _migrations_of(service_name: str) -> Path | None:
    """Every service keeps its Alembic scripts in `closeout/<service>/migrations`."""
    try:
        spec = importlib.util.find_spec(f"closeout.{service_name}")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "migrations"
    return folder if (folder / "versions").is_dir() else None

# syntax=docker/dockerfile:1
# One image per Closeout service, built from the uv workspace at the repo root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=jobs -t closeout-jobs .
# SERVICE is one of: jobs | invoicing | payments | notifications | dashboard.
# The container runs `closeout-$SERVICE serve` (HTTP API + Kafka consumers + outbox relay);
# the HTTP port comes from <SERVICE>_PORT (JOBS_PORT=8001, INVOICING_PORT=8002,
# PAYMENTS_PORT=8003, NOTIFICATIONS_PORT=8004, DASHBOARD_PORT=8005 in docker-compose.yml).

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
ARG UV_VERSION=0.13.9
RUN test -n "${SERVICE}" || (echo "build arg SERVICE is required (jobs|invoicing|payments|notifications|dashboard)" >&2; exit 1)
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app

# 1) Third-party dependencies only: this layer is reused until uv.lock or a manifest changes.
#    Only this service's and the shared package's manifests are needed for the subset sync.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY services/${SERVICE}/pyproject.toml services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "closeout-${SERVICE}"

# 2) The workspace packages themselves (shared + this service). They stay editable
#    installs pointing at /app so package data such as migrations is used in place.
COPY shared/ shared/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package "closeout-${SERVICE}" \
 && /app/.venv/bin/python -c "import importlib.metadata as m; m.distribution('closeout-${SERVICE}')"

# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="closeout-${SERVICE}"

# Production unless told otherwise: the service refuses to start without real secrets
# (CLOSEOUT_AUTH_SECRET, CLOSEOUT_LINK_SECRET, and payments' STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET).
ENV SERVICE=${SERVICE} \
    CLOSEOUT_ENV=production \
    PATH=/app/.venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0

RUN groupadd --system --gid 10001 closeout \
 && useradd --system --uid 10001 --gid closeout --home-dir /app --no-create-home --shell /usr/sbin/nologin closeout

WORKDIR /app
COPY --from=build --chown=closeout:closeout /app /app
COPY --chmod=0755 deploy/docker/healthcheck.py /usr/local/bin/closeout-healthcheck

USER closeout
EXPOSE 8001 8002 8003 8004

# GET http://127.0.0.1:$<SERVICE>_PORT/healthz (python stdlib; the slim image has no curl).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["closeout-healthcheck"]

# Shell form via sh -c so that $SERVICE expands; exec keeps the service as PID 1 for signals.
CMD ["sh", "-c", "exec closeout-${SERVICE} serve"]

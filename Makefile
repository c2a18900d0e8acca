# Closeout: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

INFRA := deploy/local/infra.sh
# uv from PATH, or the one `make` installs with pip (reachable as a module even without a shim).
export UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export UV_PYTHON_DOWNLOADS := never
export CLOSEOUT_STATE_DIR ?= $(CURDIR)/.local
# Bytecode compiled at install: where Python may not write its cache (PYTHONDONTWRITEBYTECODE is
# set on this machine), every process would compile every module again; `make up` starts 15 of
# them. uv compiles the dependencies, compileall the workspace's own sources.
export UV_COMPILE_BYTECODE := 1
SYNC := $(UV) sync --frozen --all-packages && \
	$(UV) run --frozen python -m compileall -q -j 0 shared/src services deploy/local bench
# The addresses `make run` / `make up` started the infrastructure on, when it wrote them.
WITH_INFRA_ENV := if [ -f $(CLOSEOUT_STATE_DIR)/infra.env ]; then source $(CLOSEOUT_STATE_DIR)/infra.env; fi;

.PHONY: help install run up down test test-fast lint format docs bench bench-quick demo-job demo-pay chaos

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## install uv, the Python workspace and the local infrastructure (idempotent)
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.5'
	$(SYNC)
	bash $(INFRA) install

run: install ## start infrastructure, the four services and the dashboard in the foreground (Ctrl-C stops all)
	bash $(INFRA) start
	source $(CLOSEOUT_STATE_DIR)/infra.env && \
		$(UV) run --frozen python deploy/local/services.py run --stop-infra

up: install ## the same as run, in the background; returns once every service is healthy
	bash $(INFRA) start
	source $(CLOSEOUT_STATE_DIR)/infra.env && $(UV) run --frozen python deploy/local/services.py start

down: ## stop what `make up` started
	-source $(CLOSEOUT_STATE_DIR)/infra.env 2>/dev/null; $(UV) run --frozen python deploy/local/services.py stop
	bash $(INFRA) stop

test: ## install everything, start test infrastructure on free ports, run the whole suite
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.5'
	$(SYNC)
	bash deploy/local/test.sh $(PYTEST_ARGS)

test-fast: ## the pure tests only (no infrastructure), in seconds
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.5'
	$(UV) sync --frozen --all-packages
	env -u KAFKA_BOOTSTRAP_SERVERS -u POSTGRES_URL $(UV) run --frozen pytest -m unit -q -p no:cacheprovider $(PYTEST_ARGS)

lint: ## ruff + mypy
	$(UV) sync --frozen --all-packages
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy shared/src services/jobs/src services/invoicing/src services/payments/src services/notifications/src services/dashboard/src tests bench deploy/local

format: ## apply ruff's fixes and formatting
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

docs: ## write every service's OpenAPI and the AsyncAPI to docs/, and the Python clients to clients/python/
	$(UV) sync --frozen --all-packages
	$(UV) run --frozen python deploy/local/contract_docs.py

demo-job: ## report a finished job for the demo business (after make run / up); prints its invoice
	$(WITH_INFRA_ENV) $(UV) run --frozen python deploy/local/demo.py job

demo-pay: ## pay INVOICE=<invoice id or job external id> by card, as Stripe confirms it
	$(WITH_INFRA_ENV) $(UV) run --frozen python deploy/local/demo.py pay $(INVOICE)

# The fault run of issue 16 with its own broker, database, mail sink and stripe-mock (free ports):
# by default 100,000 jobs, 32 kills, 3 broker and 2 database restarts, SMTP away 60 s: hours.
# Scale it down with e.g. CHAOS_JOBS=5000; every CHAOS_* setting is in tests/faults/chaos_plan.py.
chaos: ## the fault run that counts (long; CHAOS_JOBS=5000 make chaos for a shorter one)
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.5'
	$(SYNC)
	bash $(INFRA) install
	PYTHONPATH=tests $(UV) run --frozen python -m faults.chaos_run

# The harness of issue 15 starts its own stack on free ports (Postgres fsync on, smtp-sink as the
# mail server), measures the ceilings in the same run and writes .local/bench/summary.json.
bench: ## the benchmark harness (about 15 min): writes .local/bench/summary.json and prints it
	$(SYNC)
	$(UV) run --frozen python -m bench --profile full $(BENCH_ARGS)

bench-quick: ## the same keys in under 3 minutes
	$(SYNC)
	$(UV) run --frozen python -m bench --profile quick $(BENCH_ARGS)

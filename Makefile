# Closeout: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

INFRA := deploy/local/infra.sh
export UV_PYTHON_DOWNLOADS := never
export CLOSEOUT_STATE_DIR ?= $(CURDIR)/.local

.PHONY: help install run up down test lint format bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## install uv, the Python workspace and the local infrastructure (idempotent)
	@command -v uv >/dev/null || python3 -m pip install --quiet 'uv>=0.5'
	uv sync --frozen --all-packages
	bash $(INFRA) install

run: install ## start infrastructure + all four services in the foreground (Ctrl-C stops all)
	bash $(INFRA) start
	source $(CLOSEOUT_STATE_DIR)/infra.env && trap 'bash $(INFRA) stop' EXIT && \
		uv run --frozen python deploy/local/services.py run

up: install ## the same as run, in the background; returns once every service is healthy
	bash $(INFRA) start
	source $(CLOSEOUT_STATE_DIR)/infra.env && uv run --frozen python deploy/local/services.py start

down: ## stop what `make up` started
	-source $(CLOSEOUT_STATE_DIR)/infra.env 2>/dev/null; uv run --frozen python deploy/local/services.py stop
	bash $(INFRA) stop

test: ## install everything, start test infrastructure on free ports, run the whole suite
	@command -v uv >/dev/null || python3 -m pip install --quiet 'uv>=0.5'
	uv sync --frozen --all-packages
	bash deploy/local/test.sh $(PYTEST_ARGS)

lint: ## ruff + mypy
	uv sync --frozen --all-packages
	uv run --frozen ruff check .
	uv run --frozen ruff format --check .
	uv run --frozen mypy shared/src services/jobs/src services/invoicing/src services/payments/src services/notifications/src

format: ## apply ruff's fixes and formatting
	uv run --frozen ruff check --fix .
	uv run --frozen ruff format .

bench: ## run the benchmarks under bench/ against a running `make up`
	source $(CLOSEOUT_STATE_DIR)/infra.env && for b in bench/*.py; do uv run --frozen python $$b; done

"""docker-compose.yml cannot run here (no Docker engine), so keep it in step with the native
launcher by reading it: the same services, ports, commands, settings and pinned versions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from closeout.dashboard.settings import DashboardSettings
from closeout.invoicing.settings import InvoicingSettings
from closeout.jobs.settings import JobsSettings
from closeout.notifications.settings import NotificationsSettings
from closeout.payments.settings import PaymentsSettings
from closeout.shared.settings import secret_rules

REPO = Path(__file__).resolve().parents[2]
SERVICES: dict[str, tuple[int, type[BaseSettings]]] = {
    "jobs": (8001, JobsSettings),
    "invoicing": (8002, InvoicingSettings),
    "payments": (8003, PaymentsSettings),
    "notifications": (8004, NotificationsSettings),
    "dashboard": (8005, DashboardSettings),
}
# Read by the tests and tools from the same environment, not by the services.
NOT_SERVICE_SETTINGS = {"POSTGRES_URL", "MAILPIT_API_URL"}


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


def env_names(settings: type[BaseSettings]) -> set[str]:
    """Every environment variable a settings class reads."""
    names: set[str] = set()
    for name, field in settings.model_fields.items():
        for alias in (field.alias, field.validation_alias):
            if isinstance(alias, str):
                names.add(alias.upper())
            elif isinstance(alias, AliasChoices):
                names |= {c.upper() for c in alias.choices if isinstance(c, str)}
        if field.alias is None and field.validation_alias is None:
            names.add(name.upper())
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_built_migrated_served_and_published_on_its_port(service: str) -> None:
    port, _ = SERVICES[service]
    spec = compose()["services"][service]
    assert spec["build"]["args"]["SERVICE"] == service
    assert spec["build"]["dockerfile"] == "deploy/docker/service.Dockerfile"
    assert spec["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert spec["environment"][f"{service.upper()}_PORT"] == str(port)
    command = spec["command"][-1]
    assert command.startswith(f"closeout-{service} migrate && ")
    assert command.endswith(f"exec closeout-{service} serve")


def test_the_demo_business_is_seeded_as_make_up_does() -> None:
    assert "closeout-invoicing seed-demo" in compose()["services"]["invoicing"]["command"][-1]
    assert "closeout-dashboard seed-demo-owner" in compose()["services"]["dashboard"]["command"][-1]


def test_the_demo_owner_defaults_agree_between_launcher_and_dashboard() -> None:
    """`make run` prints the sign-in it seeds; the dashboard's own defaults are the same."""
    launcher = (REPO / "deploy/local/services.py").read_text()
    defaults = DashboardSettings.model_fields
    for variable, field in (("DEMO_ADMIN_EMAIL", "demo_admin_email"),
                            ("DEMO_ADMIN_PASSWORD", "demo_admin_password")):  # fmt: skip
        assert f'"{variable}": "{defaults[field].default}"' in launcher, variable
    # Compose runs production, where the development password is refused: it must be given.
    password = compose()["services"]["dashboard"]["environment"]["DEMO_ADMIN_PASSWORD"]
    assert password.startswith("${DEMO_ADMIN_PASSWORD:?")


def test_every_variable_compose_sets_is_read_by_a_service() -> None:
    known = set().union(*(env_names(settings) for _, settings in SERVICES.values()))
    for service in SERVICES:
        unknown = set(compose()["services"][service]["environment"]) - known
        assert unknown <= NOT_SERVICE_SETTINGS, f"{service}: nothing reads {sorted(unknown)}"


def test_infrastructure_versions_match_the_native_launcher() -> None:
    services = compose()["services"]
    pom = (REPO / "deploy/local/kafka/pom.xml").read_text()
    kafka = re.search(r"<kafka.version>([^<]+)</kafka.version>", pom)
    assert kafka is not None
    assert services["kafka"]["image"] == f"apache/kafka:{kafka.group(1)}"
    go_mod = (REPO / "deploy/local/tools/go.mod").read_text()
    mailpit = re.search(r"github.com/axllent/mailpit (v\d+\.\d+)\.\d+", go_mod)
    stripe_mock = re.search(r"github.com/stripe/stripe-mock (v[\d.]+)", go_mod)
    assert mailpit is not None
    assert stripe_mock is not None
    assert services["mailpit"]["image"] == f"axllent/mailpit:{mailpit.group(1)}"
    assert services["stripe-mock"]["image"] == f"stripe/stripe-mock:{stripe_mock.group(1)}"
    for name, port in (("kafka", 9092), ("postgres", 5432), ("stripe-mock", 12111)):
        assert f"127.0.0.1:{port}:{port}" in services[name]["ports"], name
    assert set(services["mailpit"]["ports"]) == {"127.0.0.1:1025:1025", "127.0.0.1:8025:8025"}


def test_compose_runs_production_and_takes_every_secret_from_the_environment() -> None:
    """No secret is written in the file: each comes from the environment (or .env), and
    compose stops at once with a message when one is not set (`${NAME:?message}`)."""
    secrets = {
        rule.variable: rule
        for _, settings in SERVICES.values()
        for rule in secret_rules(settings).values()
    }
    assert {"CLOSEOUT_AUTH_SECRET", "STRIPE_API_KEY", "STRIPE_WEBHOOK_SECRET"} <= set(secrets)
    for service in SERVICES:
        environment = compose()["services"][service]["environment"]
        assert environment["CLOSEOUT_ENV"] == "production", service
        for variable, rule in secrets.items():
            if not rule.required and variable not in environment:
                continue
            value = str(environment[variable])
            assert re.fullmatch(rf"\$\{{{variable}:\?[^}}]+\}}", value), (service, variable)


def test_images_default_to_production_and_make_run_to_development() -> None:
    dockerfile = (REPO / "deploy/docker/service.Dockerfile").read_text()
    assert re.search(r"^\s*CLOSEOUT_ENV=production\b", dockerfile, re.M)
    launcher = (REPO / "deploy/local/services.py").read_text()
    assert re.search(r'"CLOSEOUT_ENV": "development"', launcher)

"""deploy/k8s cannot be applied here (no cluster), so validate every manifest offline against
the Kubernetes OpenAPI schemas that kubernetes-validate ships, and keep it in step with the
services: their ports, the variables their settings read, their probes and their commands."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml
from pydantic import ValidationError

from closeout.shared.settings import secret_rules

from .test_compose_in_step import NOT_SERVICE_SETTINGS, REPO, SERVICES, compose, env_names

K8S = REPO / "deploy/k8s"
# The oldest Kubernetes release we claim to support, and the newest the package knows.
KUBERNETES_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())


@cache
def documents() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every YAML document under deploy/k8s except the kustomization, with its file name."""
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                found.append((path.name, doc))
    return tuple(found)


def resource(kind: str, name: str) -> dict[str, Any]:
    matches = [d for _, d in documents() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def data(kind: str, name: str) -> dict[str, str]:
    doc = resource(kind, name)
    values: dict[str, str] = doc.get("data") or doc.get("stringData") or {}
    return values


def pod_specs() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{d['kind']}/{d['metadata']['name']}", d["spec"]["template"]["spec"])
        for _, d in documents()
        if d["kind"] in {"Deployment", "Job"}
    ]


def readme_ports() -> dict[str, int]:
    readme = (REPO / "README.md").read_text()
    return {m[1]: int(m[2]) for m in re.finditer(r"^\| `services/(\w+)` \| (\d+) \|", readme, re.M)}


def test_there_is_something_to_validate() -> None:
    kinds = sorted({d["kind"] for _, d in documents()})
    assert kinds == [
        "ConfigMap",
        "Deployment",
        "Ingress",
        "Job",
        "PodDisruptionBudget",
        "Secret",
        "Service",
    ]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_is_valid_against_the_kubernetes_schemas(version: str) -> None:
    for file, doc in documents():
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{file}: {doc['kind']}/{doc['metadata']['name']}: {exc.message}")


def test_the_validator_rejects_a_broken_manifest() -> None:
    """The check above can fail: an unknown field and a wrong type are caught offline."""
    _, deployment = next((f, d) for f, d in documents() if d["kind"] == "Deployment")
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


def test_the_kustomization_lists_every_manifest_and_every_image() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    # Never applied: it would overwrite the real Secret from the operator's secret store.
    assert set(kustomization["resources"]) == files - {"secret.template.yaml"}
    images = {c["image"].split(":")[0] for _, spec in pod_specs() for c in spec["containers"]}
    assert {i["name"] for i in kustomization["images"]} == images


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_served_on_its_port_with_probes(service: str) -> None:
    port, _ = SERVICES[service]
    assert readme_ports()[service] == port
    assert compose()["services"][service]["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert data("ConfigMap", "closeout-config")[f"{service.upper()}_PORT"] == str(port)

    deployment = resource("Deployment", service)
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == [f"closeout-{service}", "serve"]
    assert container["ports"] == [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert deployment["spec"]["replicas"] >= 2

    service_ports = resource("Service", service)["spec"]["ports"]
    assert service_ports == [
        {"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}
    ]
    template_labels = deployment["spec"]["template"]["metadata"]["labels"]
    for selecting in (
        resource("Service", service)["spec"]["selector"],
        resource("PodDisruptionBudget", service)["spec"]["selector"]["matchLabels"],
    ):
        assert selecting.items() <= template_labels.items()
    assert resource("PodDisruptionBudget", service)["spec"]["minAvailable"] == 1


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_a_migration_job_with_the_same_image(service: str) -> None:
    (server,) = resource("Deployment", service)["spec"]["template"]["spec"]["containers"]
    (migrate,) = resource("Job", f"{service}-migrate")["spec"]["template"]["spec"]["containers"]
    assert migrate["command"] == [f"closeout-{service}", "migrate"]
    assert migrate["image"] == server["image"]
    # The image compose builds from deploy/docker/service.Dockerfile with SERVICE=<service>.
    assert server["image"] == compose()["services"][service]["image"]
    assert compose()["services"][service]["build"]["args"]["SERVICE"] == service


def test_every_pod_runs_non_root_read_only_with_resources_and_all_settings() -> None:
    specs = pod_specs()
    assert len(specs) == 2 * len(SERVICES)
    for name, spec in specs:
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] != 0, name
        for container in spec["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name
            assert "memory" in container["resources"]["limits"], name
            assert container["envFrom"] == [
                {"configMapRef": {"name": "closeout-config"}},
                {"secretRef": {"name": "closeout-secrets"}},
            ], name


def test_every_variable_in_the_config_and_secret_is_read_by_a_service() -> None:
    known = set().union(*(env_names(settings) for _, settings in SERVICES.values()))
    config = data("ConfigMap", "closeout-config")
    secret = data("Secret", "closeout-secrets")
    assert config["CLOSEOUT_ENV"] == "production"
    for name, values in (("ConfigMap", config), ("Secret", secret)):
        unknown = set(values) - known
        assert not unknown, f"{name}: nothing reads {sorted(unknown)}"
        assert not set(values) & NOT_SERVICE_SETTINGS, name
    assert not set(config) & set(secret), "a variable is set twice"


def test_secrets_live_only_in_the_secret() -> None:
    config = data("ConfigMap", "closeout-config")
    secret = data("Secret", "closeout-secrets")
    for _, settings in SERVICES.values():
        for rule in secret_rules(settings).values():
            assert rule.variable not in config, rule.variable
            if rule.required:
                assert rule.variable in secret, rule.variable
    for service in SERVICES:
        assert f"{service.upper()}_DATABASE_URL" in secret, "database URLs carry a password"


@pytest.mark.parametrize("service", SERVICES)
def test_the_secret_template_is_refused_in_production(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template applied as is must stop the service, naming each placeholder secret."""
    _, settings = SERVICES[service]
    secret = data("Secret", "closeout-secrets")
    for name, value in {**data("ConfigMap", "closeout-config"), **secret}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as refused:
        settings()
    placeholders = [r.variable for r in secret_rules(settings).values() if r.variable in secret]
    assert placeholders
    for variable in placeholders:
        assert f"{variable} is shorter than" in str(refused.value), variable


def test_the_ingress_exposes_only_stripe_webhooks_and_the_customer_page() -> None:
    (rule,) = resource("Ingress", "closeout-public")["spec"]["rules"]
    routes = {
        p["path"]: (p["pathType"], p["backend"]["service"]["name"], p["backend"]["service"]["port"])
        for p in rule["http"]["paths"]
    }
    assert routes == {
        "/webhooks/stripe": ("Exact", "payments", {"name": "http"}),
        "/i/": ("Prefix", "invoicing", {"name": "http"}),
    }


def test_the_dashboard_links_people_to_its_own_https_host() -> None:
    """Invitation and password-reset links start with DASHBOARD_PUBLIC_URL: without it in the
    ConfigMap they pointed at the development default, http://127.0.0.1:8005."""
    (host,) = {r["host"] for r in resource("Ingress", "closeout-dashboard")["spec"]["rules"]}
    assert data("ConfigMap", "closeout-config").get("DASHBOARD_PUBLIC_URL") == f"https://{host}"

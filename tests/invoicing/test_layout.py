"""Invoicing has the one layout every service follows (docs/architecture.md, "Inside a
service"): the same folders, the shared refusals, typed settings, runtime and records."""

import ast
import inspect
import pkgutil
import typing
from pathlib import Path

import closeout.invoicing
from closeout.invoicing import app, workers
from closeout.invoicing.adapters.payments_client import (
    CardPaymentRefusedError,
    PaymentsUnavailableError,
)
from closeout.invoicing.domain.status import InvalidTransitionError
from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.storage import repository
from closeout.invoicing.usecases.business import UnknownBusinessError
from closeout.invoicing.usecases.payments import ForeignFactError
from closeout.shared.errors import ConflictError, DomainError, NotFoundError, UpstreamError
from closeout.shared.web.runtime import ServiceRuntime

PACKAGE = Path(closeout.invoicing.__file__).parent
TESTS = Path(__file__).parent


def test_the_same_folders_as_every_service() -> None:
    found = {(m.name, m.ispkg) for m in pkgutil.iter_modules([str(PACKAGE)])}
    assert found == {
        ("adapters", True),
        ("api", True),
        ("app", False),
        ("cli", False),
        ("consumers", False),
        ("domain", True),
        ("settings", False),
        ("storage", True),
        ("usecases", True),
        ("workers", False),
    }
    assert (PACKAGE / "migrations" / "env.py").exists()  # Alembic's folder, not a package


def test_refusals_are_the_shared_kinds() -> None:
    assert issubclass(InvalidTransitionError, ConflictError)  # 409, as before
    assert issubclass(UnknownBusinessError, NotFoundError)
    assert issubclass(ForeignFactError, NotFoundError)
    assert issubclass(PaymentsUnavailableError, UpstreamError)
    assert issubclass(CardPaymentRefusedError, PaymentsUnavailableError)
    assert not (PACKAGE / "usecases" / "errors.py").exists()


def _sources(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(PACKAGE)): p.read_text() for p in folder.rglob("*.py")}


def test_routes_do_not_translate_errors_and_the_app_adds_no_handlers() -> None:
    for name, source in _sources(PACKAGE / "api").items():
        assert "HTTPException" not in source, name
    for name, source in _sources(PACKAGE).items():
        assert "isinstance(settings" not in source, name
        assert "add_exception_handler" not in source, name
    handled = set(app.create_app(InvoicingSettings()).exception_handlers)
    own = {k for k in handled if isinstance(k, type) and k.__module__.startswith("closeout.inv")}
    assert own == set()
    assert DomainError in handled


def test_settings_and_runtime_are_typed() -> None:
    hints = typing.get_type_hints(app.create_app)
    assert hints["settings"] == InvoicingSettings | None
    scheduler = typing.get_type_hints(workers.overdue_scheduler)
    assert scheduler["runtime"] == ServiceRuntime[InvoicingSettings]


def test_the_repository_returns_records_not_rows() -> None:
    for name, function in inspect.getmembers(repository, inspect.iscoroutinefunction):
        if function.__module__ != repository.__name__:
            continue
        returned = str(typing.get_type_hints(function)["return"])
        assert "dict" not in returned, (name, returned)
        assert "Mapping" not in returned, (name, returned)


def test_no_test_imports_helpers_from_a_conftest() -> None:
    for path in TESTS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert "conftest" not in (node.module or ""), path.name

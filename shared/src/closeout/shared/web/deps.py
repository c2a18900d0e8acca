"""FastAPI dependencies: the database session and the authenticated business principal."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.shared.api_keys import authenticate
from closeout.shared.auth import InvalidApiKeyError, Principal, Role
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.nul_rule import reject_nul_characters as reject_nul_characters
from closeout.shared.web.runtime import ServiceRuntime

_bearer = HTTPBearer(auto_error=False, description="A Closeout API key: `Bearer cok_...`")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


# Dependencies are `async def` even when they never await: FastAPI runs plain `def` ones in a
# worker thread, a hop that costs more than the work they do.
async def get_runtime(request: Request) -> ServiceRuntime[Any]:
    """The running service. A service names its own typed alias in `api/deps.py`:
    `RuntimeDep = Annotated[ServiceRuntime[JobsSettings], Depends(get_runtime)]`."""
    runtime: ServiceRuntime[Any] = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime[ServiceSettings], Depends(get_runtime)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async with runtime.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def require_role(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that authenticates the caller (401) and checks that its key has one of
    these scopes (403). Keys are looked up in this service's `api_keys` table on every
    request, so a revocation applies as soon as the service has read `apikey.revoked`."""

    async def dependency(
        runtime: RuntimeDep,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header_key: Annotated[str | None, Depends(_api_key_header)],
    ) -> Principal:
        key = bearer.credentials if bearer is not None else header_key
        if not key:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing API key",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            async with runtime.sessionmaker() as session:
                principal = await authenticate(
                    session, key, auth_secret=runtime.settings.auth_secret
                )
        except InvalidApiKeyError as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, str(exc), headers={"WWW-Authenticate": "Bearer"}
            ) from exc
        if not principal.has_any(roles):
            needed = " or ".join(roles)
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this key may not do that ({needed})")
        return principal

    return dependency


def ensure_business(principal: Principal, business_id: str) -> None:
    """Refuse access to another business's data (404, so nothing leaks about its existence)."""
    if not principal.can_act_for(business_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")

"""Dependencies of the jobs API: the typed runtime and settings, and who may call it."""

from typing import Annotated

from fastapi import Depends

from closeout.jobs.settings import JobsSettings
from closeout.shared.auth import Principal
from closeout.shared.web.deps import get_runtime, require_role
from closeout.shared.web.runtime import ServiceRuntime

RuntimeDep = Annotated[ServiceRuntime[JobsSettings], Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> JobsSettings:
    return runtime.settings


SettingsDep = Annotated[JobsSettings, Depends(get_settings)]
# A business's integration (its field platform over REST) or its admin.
CallerDep = Annotated[Principal, Depends(require_role("integration", "admin"))]

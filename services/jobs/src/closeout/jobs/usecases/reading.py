"""Reading jobs: one job, or a page of a business's jobs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.records import JobRecord
from closeout.jobs.storage.repository import JobFilter
from closeout.jobs.usecases.reporting import JobNotFoundError


async def get_job(session: AsyncSession, business_id: str, job_id: str) -> JobRecord:
    job = await repo.find_job(session, business_id, job_id=job_id)
    if job is None:
        raise JobNotFoundError(job_id)
    return job


async def list_jobs(
    session: AsyncSession, where: JobFilter, *, limit: int, offset: int
) -> tuple[list[JobRecord], int]:
    """A page of jobs, newest first, and how many match in all."""
    return await repo.list_jobs(session, where, limit=limit, offset=offset)

"""`mint-key` and `revoke-key` of every service's command line (see closeout.shared.cli)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta

from closeout.shared.api_keys import issue_api_key, revoke_api_key
from closeout.shared.auth import PREFIX, SCOPES
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.ids import utcnow
from closeout.shared.settings import ServiceSettings


def add_mint_key_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("business_id", help="the business, or '*' for a platform key")
    parser.add_argument(
        "role",
        help=f"one scope or several, comma-separated: {', '.join(SCOPES)} "
        "(admin/integration for a business, service/ops for '*')",
    )
    parser.add_argument("--expires-in-days", type=float, default=None, help="default: never")
    parser.add_argument("--label", default="", help="what the key is for, shown in lists")


def add_revoke_key_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="the key's id or prefix (cok_<id>), or the key itself")


def mint_key(settings: ServiceSettings, args: argparse.Namespace) -> int:
    """Issue a key in this service's database; every service learns it from `apikey.issued`
    (sent by this service's outbox relay). Prints only the key."""
    expires_at = None
    if args.expires_in_days is not None:
        expires_at = utcnow() + timedelta(days=args.expires_in_days)

    async def issue() -> str:
        engine = create_engine(settings.database_url, pool_size=1)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                issued = await issue_api_key(
                    session,
                    business_id=args.business_id,
                    scopes=[s.strip() for s in args.role.split(",") if s.strip()],
                    expires_at=expires_at,
                    label=args.label,
                    source=f"closeout-{settings.service_name}/mint-key",
                )
            return issued.key
        finally:
            await engine.dispose()

    try:
        print(asyncio.run(issue()))
    except ValueError as exc:
        print(f"mint-key: {exc}", file=sys.stderr)
        return 2
    return 0


def revoke_key(settings: ServiceSettings, args: argparse.Namespace) -> int:
    key_id = args.key.removeprefix(PREFIX).split(".", 1)[0]

    async def revoke() -> bool:
        engine = create_engine(settings.database_url, pool_size=1)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                source = f"closeout-{settings.service_name}/revoke-key"
                return await revoke_api_key(session, key_id, source=source) is not None
        finally:
            await engine.dispose()

    if not asyncio.run(revoke()):
        print(f"revoke-key: no key {PREFIX}{key_id} in this service's database", file=sys.stderr)
        return 1
    print(f"revoked {PREFIX}{key_id}")
    return 0

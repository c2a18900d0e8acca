"""Read delivered mail from Mailpit's HTTP API."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx


async def messages_to(api_url: str, recipient: str) -> list[dict[str, Any]]:
    """Every message addressed to `recipient`, each with its `Text` and `HTML` parts."""
    async with httpx.AsyncClient(base_url=api_url, timeout=10) as client:
        found = await client.get("/api/v1/search", params={"query": f'to:"{recipient}"'})
        found.raise_for_status()
        messages = []
        for summary in found.json()["messages"]:
            full = await client.get(f"/api/v1/message/{summary['ID']}")
            full.raise_for_status()
            messages.append(full.json())
        return messages


async def wait_for_messages(
    api_url: str, recipient: str, count: int = 1, timeout: float = 30
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        messages = await messages_to(api_url, recipient)
        if len(messages) >= count or time.monotonic() > deadline:
            return messages
        await asyncio.sleep(0.2)

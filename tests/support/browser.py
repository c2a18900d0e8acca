"""A real Chromium for the pages customers open (driven by Playwright).

The browser is the machine's Chromium (`CHROMIUM_PATH`, else `chromium` / `chromium-browser` /
`google-chrome` on PATH; `deploy/local/test.sh` installs it when missing), else the one
`playwright install chromium` downloaded.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Browser, Error, ViewportSize, async_playwright

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# A phone held upright (iPhone 12-15 CSS pixels): the page must answer at a glance there.
PHONE: ViewportSize = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    if path := os.environ.get("CHROMIUM_PATH"):
        return path
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        try:
            # --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
            browser = await playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox"]
            )
        except Error as exc:
            raise RuntimeError(
                "no Chromium to drive: install one (apt-get install chromium, which "
                "deploy/local/test.sh does) or point CHROMIUM_PATH at it"
            ) from exc
        try:
            yield browser
        finally:
            await browser.close()

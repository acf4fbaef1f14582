"""Running under systemd: readiness, status and watchdog pings (no-ops when not under systemd)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import AsyncIterator

import sdnotify

_LOGGER = logging.getLogger(__name__)


class Service:
    def __init__(self) -> None:
        self._notifier = sdnotify.SystemdNotifier()

    def ready(self, status: str = "Listening") -> None:
        self._notifier.notify(f"READY=1\nSTATUS={status}")

    def status(self, text: str) -> None:
        self._notifier.notify(f"STATUS={text}")

    def stopping(self) -> None:
        self._notifier.notify("STOPPING=1")

    @contextlib.asynccontextmanager
    async def watchdog(self) -> AsyncIterator[None]:
        """Ping systemd's watchdog at half its interval while the loop is alive (WatchdogSec= in the unit)."""
        interval_s = int(os.environ.get("WATCHDOG_USEC", "0")) / 2e6
        task = asyncio.get_running_loop().create_task(self._ping(interval_s)) if interval_s > 0 else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()

    async def _ping(self, interval_s: float) -> None:
        while True:
            self._notifier.notify("WATCHDOG=1")
            await asyncio.sleep(interval_s)

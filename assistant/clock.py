"""Timers for the coach: a manual (simulated) scheduler for tests and the console, and an asyncio one."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from typing import Callable, Protocol

Fire = Callable[[int], None]
"""Called with the timer id when a timer runs out."""


class Scheduler(Protocol):
    def now(self) -> float:
        """Seconds since the session started."""

    def start(self, timer_id: int, delay_s: float) -> None: ...

    def cancel(self, timer_id: int) -> None: ...


class ManualScheduler:
    """Simulated time: nothing happens until ``advance_to`` or ``run_until_idle``.

    Time is kept in whole milliseconds, so durations add up exactly (no float drift).
    """

    def __init__(self, fire: Fire | None = None) -> None:
        self.fire: Fire = fire or (lambda _timer_id: None)
        self._now_ms = 0
        self._heap: list[tuple[int, int, int]] = []
        self._order = itertools.count()
        self._live: set[int] = set()

    def now(self) -> float:
        return self._now_ms / 1000

    def start(self, timer_id: int, delay_s: float) -> None:
        self._live.add(timer_id)
        heapq.heappush(self._heap, (self._now_ms + round(delay_s * 1000), next(self._order), timer_id))

    def cancel(self, timer_id: int) -> None:
        self._live.discard(timer_id)

    def pending(self) -> bool:
        return bool(self._live)

    def advance_to(self, t: float) -> None:
        """Fire every timer due at or before ``t`` seconds, in order, then set the time to ``t``."""
        t_ms = round(t * 1000)
        while self._heap and self._heap[0][0] <= t_ms:
            due_ms, _, timer_id = heapq.heappop(self._heap)
            if timer_id in self._live:
                self._live.discard(timer_id)
                self._now_ms = max(self._now_ms, due_ms)
                self.fire(timer_id)
        self._now_ms = max(self._now_ms, t_ms)

    def run_until_idle(self, limit_s: float = 24 * 3600) -> None:
        """Fire timers until none is left (or the simulated limit is reached)."""
        while self._live and self._heap and self._heap[0][0] <= limit_s * 1000:
            self.advance_to(self._heap[0][0] / 1000)


class LoopScheduler:
    """Real time on the asyncio loop.

    A timer started while another one fires counts from the due time of the one firing,
    not from when the loop got round to it, so lateness never adds up over a routine.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, fire: Fire | None = None) -> None:
        self.loop = loop
        self.fire: Fire = fire or (lambda _timer_id: None)
        self.origin = loop.time()
        """Loop time of t = 0."""
        self._handles: dict[int, asyncio.TimerHandle] = {}
        self._firing_due: float | None = None

    def now(self) -> float:
        current = self._firing_due if self._firing_due is not None else self.loop.time()
        return current - self.origin

    def start(self, timer_id: int, delay_s: float) -> None:
        base = self._firing_due if self._firing_due is not None else self.loop.time()
        due = base + delay_s
        self._handles[timer_id] = self.loop.call_at(due, self._fired, timer_id, due)

    def cancel(self, timer_id: int) -> None:
        handle = self._handles.pop(timer_id, None)
        if handle is not None:
            handle.cancel()

    def pending(self) -> bool:
        return bool(self._handles)

    def _fired(self, timer_id: int, due: float) -> None:
        self._handles.pop(timer_id, None)
        self._firing_due = due
        try:
            self.fire(timer_id)
        finally:
            self._firing_due = None

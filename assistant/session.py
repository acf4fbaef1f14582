"""Wires one coach to a scheduler, an intent matcher and whatever listens to its events.

Listeners get plain event dicts ({"t", "event", ...}), the same ones ``console --json`` prints.
"""

from __future__ import annotations

import logging
from typing import Callable

from .clock import Scheduler
from .coach import Coach
from .events import CancelTimer, ChangeVolume, Command, Intent, Record, Say, StartTimer, StateChanged, TimerFired
from .intents import IntentMatcher

_LOGGER = logging.getLogger(__name__)

Listener = Callable[[dict[str, object]], None]


class Session:
    def __init__(self, coach: Coach, matcher: IntentMatcher, scheduler: Scheduler) -> None:
        self.coach = coach
        self.matcher = matcher
        self.scheduler = scheduler
        self.listeners: list[Listener] = []
        self.speakers: list[Callable[[Say], None]] = []
        self.volume_handlers: list[Callable[[int], None]] = []

    def hear(self, text: str) -> Intent | None:
        """Something was said: match it and, if it is an intent, give it to the coach."""
        intent = self.matcher.match(text)
        self._emit("heard", text=text, intent=intent.name if intent else None, slots=intent.slots if intent else {})
        if intent is not None:
            self.handle(intent)
        return intent

    def handle(self, event: Intent | TimerFired) -> None:
        self._carry_out(self.coach.handle(event))

    def timer_fired(self, timer_id: int) -> None:
        self.handle(TimerFired(timer_id))

    def _carry_out(self, commands: list[Command]) -> None:
        for command in commands:
            if isinstance(command, StartTimer):
                self.scheduler.start(command.timer_id, command.delay_s)
            elif isinstance(command, CancelTimer):
                self.scheduler.cancel(command.timer_id)
            elif isinstance(command, Say):
                self._emit("say", text=command.text, kind=command.kind, urgent=bool(command.priority), **command.detail)
                for speak in self.speakers:
                    speak(command)
            elif isinstance(command, StateChanged):
                self._emit("state", state=command.state, routine=command.routine, exercise=command.exercise, set=command.set, side=command.side, rep=command.rep)
            elif isinstance(command, Record):
                self._emit("record", kind=command.kind, **command.detail)
            elif isinstance(command, ChangeVolume):
                for handler in self.volume_handlers:
                    handler(command.step)

    def _emit(self, event: str, **fields: object) -> None:
        record = {"t": round(self.scheduler.now(), 3), "event": event, **fields}
        for listener in self.listeners:
            listener(record)

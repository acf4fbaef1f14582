"""The fixed phrases the coach says again and again, most urgent first (what to pre-synthesize).

Found by running the coach itself in simulated time through every routine and exercise, so
the list is exactly what it says (counts, hold seconds, "And release.", rests, exercise
intros), plus the pain, stop and pause responses and every response without a blank.
"""

from __future__ import annotations

from typing import Iterable

from .clock import ManualScheduler
from .coach import Coach
from .cues import Pace
from .dialog import Dialog
from .events import Command, Intent, Say, TimerFired
from .routines import Catalogue

_ORDER = ("pain", "count", "hold", "release", "switch", "rest", "instruction", "answer")
"""Kinds of speech in the order they are warmed: what must never wait comes first."""


def fixed_phrases(catalogue: Catalogue, dialog: Dialog) -> list[str]:
    """Every text the coach speaks from data (no free answers), most urgent kinds first, no repeats."""
    rank = {kind: i for i, kind in enumerate(_ORDER)}
    said: dict[str, tuple[int, int]] = {}
    """text -> (0 if urgent else 1, rank of its kind): the sort key."""
    for script in _scripts(catalogue):
        for say in _run(catalogue, dialog, script):
            key = (0 if say.priority else 1, rank.get(say.kind, len(_ORDER)))
            said[say.text] = min(said.get(say.text, key), key)
    for name, template in dialog.templates.items():
        if "{" not in template:
            said.setdefault(dialog.say(name), (1, len(_ORDER)))
    return sorted(said, key=lambda text: said[text])


def _scripts(catalogue: Catalogue) -> Iterable[list[Intent]]:
    yield [Intent("pain"), Intent("stop"), Intent("pause")]
    yield [Intent("start_routine", {"routine": next(iter(catalogue.routines))}), Intent("pause"), Intent("resume"), Intent("pain"), Intent("stop")]
    for routine_id in catalogue.routines:
        yield [Intent("start_routine", {"routine": routine_id})]
    for exercise_id in catalogue.exercises:
        yield [Intent("start_exercise", {"exercise": exercise_id})]


def _run(catalogue: Catalogue, dialog: Dialog, script: list[Intent]) -> list[Say]:
    """Say each intent in turn (one simulated second apart), then run the clock until the coach is idle."""
    coach = Coach(catalogue, dialog, lambda text: 1.0, Pace())
    says: list[Say] = []
    scheduler = ManualScheduler()

    def carry_out(commands: list[Command]) -> None:
        for command in commands:
            if isinstance(command, Say):
                says.append(command)
            elif hasattr(command, "delay_s"):
                scheduler.start(command.timer_id, command.delay_s)  # type: ignore[union-attr]
            elif hasattr(command, "timer_id"):
                scheduler.cancel(command.timer_id)  # type: ignore[union-attr]

    scheduler.fire = lambda timer_id: carry_out(coach.handle(TimerFired(timer_id)))
    for second, intent in enumerate(script):
        scheduler.advance_to(float(second))
        carry_out(coach.handle(intent))
    scheduler.run_until_idle()
    return says

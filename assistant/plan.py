"""A routine flattened into the steps the coach walks through, one at a time.

Each step is restartable on its own, which is what lets pause/resume return to the
same rep and side, and lets "what's next" and "how many left" read ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .routines import Routine, RoutineItem, Sides

SIDES = ("left", "right")


class StepKind(str, Enum):
    INTRO = "intro"
    GET_READY = "get_ready"
    REP = "rep"
    SWITCH = "switch"
    REST = "rest"
    FINISH = "finish"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    item: int
    """Index of the exercise in the routine."""
    set: int = 0
    side: str | None = None
    rep: int = 0
    hold_s: int = 0
    rest_s: int = 0


@dataclass(frozen=True)
class Plan:
    """A routine (or one exercise) as a flat list of steps."""

    routine_id: str | None
    """None when one exercise was started on its own."""
    name: str
    description: str
    items: tuple[RoutineItem, ...]
    steps: tuple[Step, ...]
    preamble: tuple[str, ...] = ()
    """Said before the first exercise (the safety reminder of a session's first routine)."""

    def exercise_start(self, item: int) -> int:
        """Index of the intro step of exercise ``item``."""
        return next(i for i, s in enumerate(self.steps) if s.kind is StepKind.INTRO and s.item == item)

    def find_next(self, index: int, kinds: set[StepKind]) -> Step | None:
        return next((s for s in self.steps[index + 1 :] if s.kind in kinds), None)


def plan_routine(routine: Routine, preamble: tuple[str, ...] = ()) -> Plan:
    plan = _plan(routine.id, routine.name, routine.description, routine.items, routine.rest_between_s)
    return replace(plan, preamble=preamble)


def plan_exercise(item: RoutineItem) -> Plan:
    return _plan(None, item.exercise.name, item.exercise.purpose, (item,), 0)


def _plan(routine_id: str | None, name: str, description: str, items: tuple[RoutineItem, ...], rest_between_s: int) -> Plan:
    steps: list[Step] = []
    for index, item in enumerate(items):
        steps += [Step(StepKind.INTRO, index), Step(StepKind.GET_READY, index)]
        steps += _exercise_steps(index, item)
        if index < len(items) - 1 and rest_between_s > 0:
            steps.append(Step(StepKind.REST, index, rest_s=rest_between_s))
    steps.append(Step(StepKind.FINISH, len(items) - 1))
    return Plan(routine_id, name, description, items, tuple(steps))


def _exercise_steps(index: int, item: RoutineItem) -> list[Step]:
    dose = item.dose
    steps: list[Step] = []
    for set_no in range(1, dose.sets + 1):
        if dose.sides is Sides.NONE:
            steps += [Step(StepKind.REP, index, set_no, None, rep, dose.hold_s) for rep in range(1, dose.reps + 1)]
        elif dose.sides is Sides.ALTERNATE:
            steps += [
                Step(StepKind.REP, index, set_no, side, rep, dose.hold_s)
                for rep in range(1, dose.reps + 1)
                for side in SIDES
            ]
        else:
            for side in SIDES:
                if side != SIDES[0]:
                    steps.append(Step(StepKind.SWITCH, index, set_no, side))
                steps += [Step(StepKind.REP, index, set_no, side, rep, dose.hold_s) for rep in range(1, dose.reps + 1)]
        if set_no < dose.sets and dose.rest_s > 0:
            steps.append(Step(StepKind.REST, index, set_no, rest_s=dose.rest_s))
    return steps

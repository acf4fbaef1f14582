"""Answers to "what's next", "how many left" and "explain", read from the plan without moving in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dialog import number_words, spoken
from .plan import Step, StepKind
from .routines import Sides

if TYPE_CHECKING:
    from .coach import Coach


class Answers:
    def __init__(self, coach: "Coach") -> None:
        self.coach = coach

    def what_next(self) -> str:
        coach, dialog = self.coach, self.coach.dialog
        plan = coach.plan
        if plan is None:
            return dialog.say("next_idle")
        current = plan.steps[coach.index]
        upcoming = plan.find_next(coach.index, {StepKind.SWITCH, StepKind.REST, StepKind.INTRO, StepKind.FINISH})
        if upcoming is None:
            return dialog.say("next_phase_end")
        if upcoming.kind is StepKind.SWITCH:
            return dialog.say("next_phase_switch", side=dialog.side(upcoming.side or "right"))
        if upcoming.kind is StepKind.REST and upcoming.item == current.item and upcoming.set:
            return dialog.say("next_phase_set", next_set=number_words(upcoming.set + 1))
        following = plan.find_next(coach.index, {StepKind.INTRO})
        if following is None:
            return dialog.say("next_phase_end")
        return dialog.say("next_phase_exercise", name=spoken(plan.items[following.item].exercise.name))

    def how_many_left(self) -> str:
        coach, dialog = self.coach, self.coach.dialog
        plan = coach.plan
        if plan is None:
            return dialog.say("left_idle")
        current = plan.steps[coach.index]
        parts = []
        reps = _reps_left_in_set(plan.steps, coach.index, current)
        if reps:
            parts.append(dialog.say("left_reps", reps=number_words(reps)))
        dose = plan.items[current.item].dose
        if dose.sides is Sides.BOTH and current.side == "left" and current.kind is not StepKind.INTRO:
            parts.append(dialog.say("left_side", side=dialog.side("right")))
        sets_left = dose.sets - max(current.set, 1)
        if current.kind in (StepKind.REP, StepKind.SWITCH) and sets_left == 1:
            parts.append(dialog.say("left_one_set"))
        elif current.kind in (StepKind.REP, StepKind.SWITCH) and sets_left > 1:
            parts.append(dialog.say("left_sets", sets=number_words(sets_left)))
        exercises_left = len(plan.items) - 1 - current.item
        if exercises_left == 0:
            parts.append(dialog.say("left_none"))
        elif exercises_left == 1:
            parts.append(dialog.say("left_one_exercise"))
        else:
            parts.append(dialog.say("left_exercises", exercises=number_words(exercises_left)))
        return " ".join(parts)

    def explain(self) -> list[str]:
        item = self.coach.item
        if item is None:
            return [self.coach.dialog.say("explain_idle")]
        exercise = item.exercise
        return [exercise.name + ".", *exercise.start, *exercise.steps, *exercise.tips]


def _reps_left_in_set(steps: tuple[Step, ...], index: int, current: Step) -> int:
    """Reps after the current one in this set and on this side (both sides when alternating)."""
    count = 0
    for step in steps[index + 1 :]:
        if step.kind is not StepKind.REP or step.item != current.item or step.set != max(current.set, 1):
            break
        count += 1
    return count

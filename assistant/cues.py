"""The timed cues of one plan step: what is said, when, and which state it enters.

Pure arithmetic on seconds; the coach turns cues into timers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .dialog import Dialog, number_words, spoken
from .events import Say
from .plan import Plan, Step, StepKind
from .routines import Sides

SpeechTime = Callable[[str], float]
"""Seconds it takes to say a text (the voice knows; tests estimate)."""


@dataclass(frozen=True)
class Pace:
    """Timing of a session, in seconds. Holds and rests come from the catalogue, exactly."""

    beat_s: float = 3.0
    """One counted rep without a hold."""
    move_s: float = 2.0
    """From the count into the held position."""
    return_s: float = 2.0
    """From the release back to the start."""
    position_s: float = 5.0
    """Getting into the starting position."""
    switch_s: float = 4.0
    """Changing to the other side."""
    resume_s: float = 3.0
    """Getting back into position after a pause."""
    gap_s: float = 0.4
    """Silence between two instruction sentences."""


@dataclass
class Cue:
    at_s: float
    """Seconds after the step starts."""
    trigger: str | None = None
    """State-machine trigger fired at this cue."""
    says: list[Say] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What every cue builder needs besides the step."""

    plan: Plan
    index: int
    """Index of the step in the plan."""
    dialog: Dialog
    pace: Pace
    factor: float
    """Multiplies beats and movement times: above 1 is slower."""
    speech_s: SpeechTime


def step_cues(ctx: Context) -> list[Cue]:
    """Cues of one step, in time order; the last cue (no says) marks the end of the step."""
    step = ctx.plan.steps[ctx.index]
    return _BUILDERS[step.kind](ctx, step)


def spoken_sequence(trigger: str, texts: list[tuple[str, str]], speech_s: SpeechTime, gap_s: float) -> list[Cue]:
    """Say texts one after another, each when the one before has been said."""
    cues: list[Cue] = []
    at = 0.0
    for kind, text in texts:
        cues.append(Cue(at, trigger if not cues else None, [Say(text, kind)]))
        at += speech_s(text) + gap_s
    cues.append(Cue(at))
    return cues


def _intro(ctx: Context, step: Step) -> list[Cue]:
    item = ctx.plan.items[step.item]
    exercise = item.exercise
    texts: list[tuple[str, str]] = []
    if step.item == 0 and ctx.plan.routine_id is not None:
        texts += [("instruction", text) for text in ctx.plan.preamble]
        texts.append(("instruction", ctx.dialog.say("routine_start", routine=spoken(ctx.plan.name), description=ctx.plan.description)))
    texts.append(("instruction", ctx.dialog.say("exercise_intro", name=exercise.name, purpose=exercise.purpose)))
    texts += [("instruction", text) for text in (*exercise.start, *exercise.steps)]
    return spoken_sequence("introduce", texts, ctx.speech_s, ctx.pace.gap_s)


def _get_ready(ctx: Context, step: Step) -> list[Cue]:
    says = [Say(ctx.dialog.say("get_ready"), "instruction")]
    if ctx.plan.items[step.item].dose.sides is Sides.BOTH:
        says.append(Say(ctx.dialog.say("first_side", side=ctx.dialog.side("left")), "instruction"))
    return [Cue(0.0, "position", says), Cue(ctx.pace.position_s)]


def _rep(ctx: Context, step: Step) -> list[Cue]:
    place: dict[str, object] = {"set": step.set, "side": step.side, "rep": step.rep}
    count = number_words(step.rep)
    alternate = ctx.plan.items[step.item].dose.sides is Sides.ALTERNATE
    text = ctx.dialog.say("count_side", side=ctx.dialog.side(step.side or "left"), count=count) if alternate else ctx.dialog.say("count", count=count)
    cues = [Cue(0.0, "count", [Say(text, "count", detail=place)])]
    if step.hold_s == 0:
        return cues + [Cue(ctx.pace.beat_s * ctx.factor)]
    start = ctx.pace.move_s * ctx.factor
    cues.append(Cue(start, "hold", [Say(ctx.dialog.say("hold"), "hold", detail={**place, "second": 0})]))
    for second in range(1, step.hold_s):  # count down the seconds left: clearer than a second count-up
        left = number_words(step.hold_s - second).capitalize() + "."
        cues.append(Cue(start + second, None, [Say(left, "hold", detail={**place, "second": second})]))
    end = start + step.hold_s
    cues.append(Cue(end, "release", [Say(ctx.dialog.say("release"), "release", detail={**place, "second": step.hold_s})]))
    return cues + [Cue(end + ctx.pace.return_s * ctx.factor)]


def _switch(ctx: Context, step: Step) -> list[Cue]:
    text = ctx.dialog.say("switch_sides", side=ctx.dialog.side(step.side or "right"))
    return [Cue(0.0, "switch_sides", [Say(text, "switch", detail={"set": step.set, "side": step.side})]), Cue(ctx.pace.switch_s)]


def _rest(ctx: Context, step: Step) -> list[Cue]:
    next_intro = ctx.plan.find_next(ctx.index, {StepKind.INTRO, StepKind.REP})
    if next_intro is not None and next_intro.kind is StepKind.INTRO:
        text = ctx.dialog.say("rest_exercises", seconds=number_words(step.rest_s), name=spoken(ctx.plan.items[next_intro.item].exercise.name))
    else:
        sets = ctx.plan.items[step.item].dose.sets
        text = ctx.dialog.say("rest_sets", seconds=number_words(step.rest_s), next_set=number_words(step.set + 1), sets=number_words(sets))
    return [Cue(0.0, "rest", [Say(text, "rest", detail={"seconds": step.rest_s})]), Cue(float(step.rest_s))]


def _finish(ctx: Context, step: Step) -> list[Cue]:
    if ctx.plan.routine_id is None:
        text = ctx.dialog.say("finished_exercise", name=spoken(ctx.plan.name))
    else:
        text = ctx.dialog.say("finished_routine", routine=spoken(ctx.plan.name))
    return [Cue(0.0, "finish", [Say(text, "instruction")]), Cue(ctx.speech_s(text))]


_BUILDERS = {
    StepKind.INTRO: _intro,
    StepKind.GET_READY: _get_ready,
    StepKind.REP: _rep,
    StepKind.SWITCH: _switch,
    StepKind.REST: _rest,
    StepKind.FINISH: _finish,
}

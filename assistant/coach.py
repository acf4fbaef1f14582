"""The routine state machine. Pure: intents and timer events in, commands out.

The coach never reads a clock and never sleeps: it asks for timers (StartTimer) and
hears them back (TimerFired). With a simulated clock a whole routine runs in
milliseconds with exact timings.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Callable

from transitions import Machine

from .answers import Answers
from .cues import Context, Cue, Pace, SpeechTime, step_cues
from .dialog import Dialog
from .events import CancelTimer, ChangeVolume, Command, Intent, Priority, Record, Say, StartTimer, StateChanged, TimerFired
from .plan import Plan, StepKind, plan_exercise, plan_routine
from .routines import Catalogue, RoutineItem

_LOGGER = logging.getLogger(__name__)


class State(str, Enum):
    IDLE = "idle"
    INTRODUCING = "introducing"
    POSITIONING = "positioning"
    COUNTING = "counting"
    HOLDING = "holding"
    SWITCHING_SIDES = "switching_sides"
    RESTING = "resting"
    PAUSED = "paused"
    PAIN_CHECK = "pain_check"
    FINISHED = "finished"


_ACTIVE = [State.INTRODUCING, State.POSITIONING, State.COUNTING, State.HOLDING, State.SWITCHING_SIDES, State.RESTING]

TRANSITIONS: list[dict[str, object]] = [
    {"trigger": "introduce", "source": "*", "dest": State.INTRODUCING},
    {"trigger": "position", "source": [State.INTRODUCING, State.POSITIONING], "dest": State.POSITIONING},
    {"trigger": "count", "source": [State.POSITIONING, State.COUNTING, State.HOLDING, State.SWITCHING_SIDES, State.RESTING], "dest": State.COUNTING},
    {"trigger": "hold", "source": State.COUNTING, "dest": State.HOLDING},
    {"trigger": "release", "source": State.HOLDING, "dest": State.COUNTING},
    {"trigger": "switch_sides", "source": [State.COUNTING, State.POSITIONING], "dest": State.SWITCHING_SIDES},
    {"trigger": "rest", "source": [State.COUNTING, State.POSITIONING, State.SWITCHING_SIDES], "dest": State.RESTING},
    {"trigger": "finish", "source": "*", "dest": State.FINISHED},
    {"trigger": "settle", "source": State.FINISHED, "dest": State.IDLE},
    {"trigger": "pause", "source": _ACTIVE, "dest": State.PAUSED},
    {"trigger": "resume", "source": [State.PAUSED, State.PAIN_CHECK], "dest": State.POSITIONING},
    {"trigger": "pain", "source": "*", "dest": State.PAIN_CHECK},
    {"trigger": "stop", "source": "*", "dest": State.IDLE},
]


class _Phase:
    """The model the transitions Machine drives; holds only ``state``."""

    state: State
    trigger: Callable[..., bool]
    may_trigger: Callable[..., bool]


class Coach:
    """Walks a plan step by step, answers questions, and reacts to pain at once."""

    MIN_FACTOR, MAX_FACTOR, FACTOR_STEP = 0.5, 2.0, 1.25

    def __init__(self, catalogue: Catalogue, dialog: Dialog, speech_s: SpeechTime, pace: Pace | None = None, default_routine: str = "full") -> None:
        self.catalogue = catalogue
        self.dialog = dialog
        self.speech_s = speech_s
        self.pace = pace or Pace()
        self.default_routine = default_routine
        self.factor = 1.0
        self.plan: Plan | None = None
        self.index = 0
        self._phase = _Phase()
        Machine(model=self._phase, states=State, transitions=TRANSITIONS, initial=State.IDLE, auto_transitions=False, queued=True)
        self._cues: list[Cue] = []
        self._cue = 0
        self._timer = 0
        self._timer_running = False
        self._last_place: tuple[object, ...] | None = None
        self._last_said = ""
        self._restart_after_resume = False
        self._reminded = False
        """The safety reminder is said before the first routine only."""
        self._answers = Answers(self)

    @property
    def state(self) -> State:
        return self._phase.state

    @property
    def item(self) -> RoutineItem | None:
        if self.plan is None:
            return None
        return self.plan.items[self.plan.steps[self.index].item]

    # --- inputs ---------------------------------------------------------

    def handle(self, event: Intent | TimerFired) -> list[Command]:
        out: list[Command] = []
        if isinstance(event, TimerFired):
            if event.timer_id == self._timer and self._timer_running:
                self._timer_running = False
                self._run_cue(self._cue + 1, out)
        else:
            self._handle_intent(event, out)
        return out

    def _handle_intent(self, intent: Intent, out: list[Command]) -> None:
        handler = getattr(self, f"_on_{intent.name}", None)
        if handler is None:
            _LOGGER.warning("No handler for intent %s", intent.name)
            return
        handler(intent, out)

    def _on_pain(self, intent: Intent, out: list[Command]) -> None:
        self._cancel_timer(out)
        self._fire("pain", out)
        self._say(out, self.dialog.say("pain_ease"), "pain", Priority.URGENT)
        for text in self.catalogue.safety.pain_warning:
            self._say(out, text, "pain")
        self._say(out, self.dialog.say("pain_options" if self.plan else "pain_options_idle"), "pain")
        out.append(Record("pain", {"heard": intent.text, **self._place_detail()}))

    def _on_stop(self, intent: Intent, out: list[Command]) -> None:
        self._cancel_timer(out)
        if self.plan is not None:
            out.append(Record("stopped", self._place_detail()))
        self.plan = None
        self._fire("stop", out)
        self._say(out, self.dialog.say("stopped"), "answer", Priority.URGENT)

    def _on_pause(self, intent: Intent, out: list[Command]) -> None:
        if not self._phase.may_trigger("pause"):
            self._say(out, self.dialog.say("paused" if self.state is State.PAUSED else "nothing_to_pause"), "answer")
            return
        self._cancel_timer(out)
        self._fire("pause", out)
        self._say(out, self.dialog.say("paused"), "answer", Priority.URGENT)

    def _on_resume(self, intent: Intent, out: list[Command]) -> None:
        if self.plan is None or not self._phase.may_trigger("resume"):
            if self.state in _ACTIVE:
                return  # already going; nothing to say over the counts
            self._say(out, self.dialog.say("nothing_to_resume"), "answer")
            return
        self._fire("resume", out)
        self._say(out, self.dialog.say("resumed"), "instruction")
        self._cues = [Cue(0.0), Cue(self.pace.resume_s)]
        self._restart_after_resume = True  # the end of this short wait restarts the current step
        self._run_cue(0, out)

    def _on_start_routine(self, intent: Intent, out: list[Command]) -> None:
        routine_id = intent.slots.get("routine", self.default_routine)
        preamble = () if self._reminded else self.catalogue.safety.at_start
        self._reminded = True
        self._begin(plan_routine(self.catalogue.routines[routine_id], preamble), out)

    def _on_start_exercise(self, intent: Intent, out: list[Command]) -> None:
        exercise = self.catalogue.exercise(intent.slots["exercise"])
        self._begin(plan_exercise(RoutineItem(exercise, exercise.dose)), out)

    def _on_next(self, intent: Intent, out: list[Command]) -> None:
        if self.plan is None:
            self._say(out, self.dialog.say("next_idle"), "answer")
            return
        item = self.plan.steps[self.index].item
        if item + 1 < len(self.plan.items):
            self._jump(self.plan.exercise_start(item + 1), out)
        else:
            self._jump(len(self.plan.steps) - 1, out)

    def _on_previous(self, intent: Intent, out: list[Command]) -> None:
        if self.plan is None:
            self._say(out, self.dialog.say("next_idle"), "answer")
            return
        item = self.plan.steps[self.index].item
        if item == 0:
            self._say(out, self.dialog.say("no_previous"), "answer")
        self._jump(self.plan.exercise_start(max(item - 1, 0)), out)

    def _on_slower(self, intent: Intent, out: list[Command]) -> None:
        self._change_pace(self.FACTOR_STEP, "slower", "slowest", out)

    def _on_faster(self, intent: Intent, out: list[Command]) -> None:
        self._change_pace(1 / self.FACTOR_STEP, "faster", "fastest", out)

    def _on_louder(self, intent: Intent, out: list[Command]) -> None:
        out.append(ChangeVolume(+1))
        self._say(out, self.dialog.say("louder"), "answer")

    def _on_quieter(self, intent: Intent, out: list[Command]) -> None:
        out.append(ChangeVolume(-1))
        self._say(out, self.dialog.say("quieter"), "answer")

    def _on_repeat(self, intent: Intent, out: list[Command]) -> None:
        self._say(out, self._last_said or self.dialog.say("nothing_to_repeat"), "answer")

    def _on_what_next(self, intent: Intent, out: list[Command]) -> None:
        self._say(out, self._answers.what_next(), "answer")

    def _on_how_many_left(self, intent: Intent, out: list[Command]) -> None:
        self._say(out, self._answers.how_many_left(), "answer")

    def _on_explain(self, intent: Intent, out: list[Command]) -> None:
        for text in self._answers.explain():
            self._say(out, text, "answer")

    def _on_help(self, intent: Intent, out: list[Command]) -> None:
        self._say(out, self.dialog.say("help"), "answer")

    # --- walking the plan ------------------------------------------------

    def _begin(self, plan: Plan, out: list[Command]) -> None:
        self.plan = plan
        self._jump(0, out)

    def _jump(self, index: int, out: list[Command]) -> None:
        self._cancel_timer(out)
        self.index = index
        self._restart_after_resume = False
        assert self.plan is not None
        ctx = Context(self.plan, index, self.dialog, self.pace, self.factor, self.speech_s)
        self._cues = step_cues(ctx)
        self._run_cue(0, out)

    def _run_cue(self, number: int, out: list[Command]) -> None:
        """Carry out cue ``number`` of the current step, then ask for a timer to the next."""
        if number >= len(self._cues) - 1:
            self._end_of_step(out)
            return
        cue = self._cues[number]
        self._cue = number
        if cue.trigger:
            self._fire(cue.trigger, out)
        for say in cue.says:
            self._say(out, say.text, say.kind, say.priority, say.detail)
        self._start_timer(self._cues[number + 1].at_s - cue.at_s, out)

    def _end_of_step(self, out: list[Command]) -> None:
        assert self.plan is not None
        if self._restart_after_resume:
            self._jump(self.index, out)
        elif self.plan.steps[self.index].kind is StepKind.FINISH:
            out.append(Record("finished", {"routine": self.plan.routine_id, "name": self.plan.name}))
            self.plan = None
            self._fire("settle", out)
        else:
            self._jump(self.index + 1, out)

    def _change_pace(self, step: float, said: str, limit: str, out: list[Command]) -> None:
        factor = min(max(self.factor * step, self.MIN_FACTOR), self.MAX_FACTOR)
        self._say(out, self.dialog.say(said if factor != self.factor else limit), "answer")
        self.factor = factor

    # --- commands ----------------------------------------------------------

    def _fire(self, trigger: str, out: list[Command]) -> None:
        self._phase.trigger(trigger)
        place = (self.state.value, *self._place())
        if place != self._last_place:
            self._last_place = place
            routine = self.plan.routine_id if self.plan else None
            out.append(StateChanged(self.state.value, routine, *self._place()))

    def _place(self) -> tuple[str | None, int | None, str | None, int | None]:
        """(exercise, set, side, rep) of the current step, blank where it has none."""
        if self.plan is None:
            return (None, None, None, None)
        step = self.plan.steps[self.index]
        exercise = self.plan.items[step.item].exercise.id
        if step.kind is StepKind.REP:
            return (exercise, step.set, step.side, step.rep)
        return (exercise, step.set or None, step.side, None)

    def _place_detail(self) -> dict[str, object]:
        exercise, set_no, side, rep = self._place()
        return {"routine": self.plan.routine_id if self.plan else None, "exercise": exercise, "set": set_no, "side": side, "rep": rep}

    def _say(self, out: list[Command], text: str, kind: str, priority: Priority = Priority.NORMAL, detail: dict[str, object] | None = None) -> None:
        if kind in ("instruction", "answer", "pain"):
            self._last_said = text
        out.append(Say(text, kind, priority, detail or {}))

    def _start_timer(self, delay_s: float, out: list[Command]) -> None:
        self._timer += 1
        self._timer_running = True
        out.append(StartTimer(self._timer, max(delay_s, 0.0)))

    def _cancel_timer(self, out: list[Command]) -> None:
        if self._timer_running:
            self._timer_running = False
            out.append(CancelTimer(self._timer))

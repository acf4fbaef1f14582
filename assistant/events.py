"""Messages into and out of the coach. The coach is pure: it gets these and returns these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Union


class Priority(IntEnum):
    """How speech treats what is already playing."""

    NORMAL = 0
    """Queued after what is playing."""
    URGENT = 1
    """Cuts off whatever is playing and drops the queue (pain, stop, pause)."""


# --- into the coach -------------------------------------------------------


@dataclass(frozen=True)
class Intent:
    """Something the person asked for."""

    name: str
    slots: dict[str, str] = field(default_factory=dict)
    text: str = ""
    """What was heard, for the log."""


@dataclass(frozen=True)
class TimerFired:
    """A timer the coach asked for has run out."""

    timer_id: int


# --- out of the coach -----------------------------------------------------


@dataclass(frozen=True)
class Say:
    """Speak this now."""

    text: str
    kind: str
    """count, hold, release, instruction, pain, answer, rest, switch, ..."""
    priority: Priority = Priority.NORMAL
    detail: dict[str, object] = field(default_factory=dict)
    """Extra facts for the event log: rep, set, side, second."""


@dataclass(frozen=True)
class StartTimer:
    """Send TimerFired(timer_id) back after ``delay_s`` seconds."""

    timer_id: int
    delay_s: float


@dataclass(frozen=True)
class CancelTimer:
    timer_id: int


@dataclass(frozen=True)
class StateChanged:
    """The coach moved to another state (or place in the routine)."""

    state: str
    routine: str | None
    exercise: str | None
    set: int | None
    side: str | None
    rep: int | None


@dataclass(frozen=True)
class Record:
    """Something worth keeping in the history (a pain report, a finished routine)."""

    kind: str
    detail: dict[str, object]


@dataclass(frozen=True)
class ChangeVolume:
    """Make the voice louder (+1) or quieter (-1) by one step."""

    step: int


Command = Union[Say, StartTimer, CancelTimer, StateChanged, Record, ChangeVolume]

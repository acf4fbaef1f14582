"""Run the coach in simulated time in-process, exactly as ``assistant console --simulated-time`` does."""

from __future__ import annotations

from functools import lru_cache

from assistant.app import Brain, build_session
from assistant.clock import ManualScheduler
from assistant.settings import Settings

Event = dict[str, object]


@lru_cache(maxsize=1)
def brain() -> Brain:
    return Brain.load(Settings())


def simulate(script: list[tuple[float | None, str]], settings: Settings | None = None) -> list[Event]:
    """Say each (second, utterance); None means right away. Then run until the coach is idle."""
    scheduler = ManualScheduler()
    session = build_session(brain(), settings or Settings(), scheduler)
    scheduler.fire = session.timer_fired
    events: list[Event] = []
    session.listeners.append(events.append)
    for at, text in script:
        if at is not None:
            scheduler.advance_to(at)
        session.hear(text)
    scheduler.run_until_idle()
    return events


def says(events: list[Event], *kinds: str) -> list[Event]:
    return [e for e in events if e["event"] == "say" and (not kinds or e["kind"] in kinds)]


def states(events: list[Event]) -> list[Event]:
    return [e for e in events if e["event"] == "state"]

"""Where session events go: printed as text or JSON lines, and kept in the history file."""

from __future__ import annotations

import json
from typing import Callable, TextIO

from .history import History
from .session import Session

Printer = Callable[[dict[str, object]], None]


def attach(session: Session, printer: Printer, history: History | None) -> None:
    """Print every event of ``session``; keep its records (pain, finished, stopped) in ``history``."""
    session.listeners.append(printer)
    if history is not None:
        session.listeners.append(lambda event: _record(history, event))


def printer(out: TextIO, as_json: bool) -> Printer:
    return _json_printer(out) if as_json else _text_printer(out)


def _record(history: History, event: dict[str, object]) -> None:
    if event["event"] == "record":
        detail = {k: v for k, v in event.items() if k not in ("event", "kind")}
        history.add(str(event["kind"]), detail)


def _json_printer(out: TextIO) -> Printer:
    def show(event: dict[str, object]) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    return show


def _text_printer(out: TextIO) -> Printer:
    def show(event: dict[str, object]) -> None:
        t = f"{float(event['t']):8.1f}s"  # type: ignore[arg-type]
        if event["event"] == "say":
            out.write(f"{t}  coach: {event['text']}\n")
        elif event["event"] == "heard":
            intent = event["intent"] or "no intent"
            slots = " ".join(f"{k}={v}" for k, v in dict(event["slots"]).items())  # type: ignore[call-overload]
            out.write(f"{t}  you:   {event['text']}   [{intent}{' ' + slots if slots else ''}]\n")
        elif event["event"] == "status":
            out.write(f"{t}  ({event['text']})\n")
        out.flush()

    return show

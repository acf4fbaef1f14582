"""``assistant console``: the coach by keyboard, speech shown as text (or JSON events)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Callable, TextIO

from .. import eventlog
from ..app import Brain, build_session, load_voice, open_speaker, speak_session
from ..clock import LoopScheduler, ManualScheduler
from ..errors import CoachError
from ..eventlog import attach
from ..history import History
from ..session import Session
from ..settings import Settings
from .say import add_voice_options, with_voice_options

HELP = """Talk to the coach by typing. Each line is one utterance, e.g. "start knee rolls".
Script lines may be stamped: SECONDS<TAB>UTTERANCE is said at that (simulated) second.
When the input ends, the clock runs until the coach is idle.

examples:
  assistant console                                   # type, see what the coach says
  printf 'start the full routine\\n' | assistant console --simulated-time --json
  printf 'start bridge\\n30\\tI am in pain\\n' | assistant console --simulated-time
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("console", help="the coach by keyboard: type utterances, read what it says", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--simulated-time", action="store_true", help="run the clock instantly (a whole routine in milliseconds)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event (heard, say, state, record)")
    parser.add_argument("--no-history", action="store_true", help="do not record pain reports and sessions in the history file")
    parser.add_argument("--speak", action="store_true", help="also speak everything through the output device (real time only)")
    add_voice_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.speak and args.simulated_time:
        raise CoachError("--speak needs real time: simulated time runs a routine in milliseconds and cannot be spoken; drop one of the two options.")
    settings = with_voice_options(settings, args)
    brain = Brain.load(settings)
    printer = eventlog.printer(sys.stdout, args.json)
    history = None if args.no_history else History(settings.history_db)
    if args.simulated_time:
        scheduler = ManualScheduler()
        session = build_session(brain, settings, scheduler)
        scheduler.fire = session.timer_fired
        attach(session, printer, history)
        _run_script(session, scheduler, sys.stdin)
    else:
        asyncio.run(_run_live(brain, settings, printer, history, args.speak))
    return 0


def parse_line(line: str) -> tuple[float | None, str]:
    """``SECONDS<TAB>UTTERANCE`` or ``UTTERANCE``."""
    stamp, tab, text = line.partition("\t")
    if tab:
        try:
            return float(stamp), text.strip()
        except ValueError:
            pass
    return None, line.strip()


def _run_script(session: Session, scheduler: ManualScheduler, lines: TextIO) -> None:
    for line in lines:
        at, text = parse_line(line)
        if not text:
            continue
        if at is not None:
            scheduler.advance_to(at)
        session.hear(text)
    scheduler.run_until_idle()


async def _run_live(brain: Brain, settings: Settings, printer: Callable[[dict[str, object]], None], history: History | None, speak: bool) -> None:
    loop = asyncio.get_running_loop()
    if not speak:
        scheduler = LoopScheduler(loop)
        session = build_session(brain, settings, scheduler)
        scheduler.fire = session.timer_fired
        attach(session, printer, history)
        await _converse(session, scheduler, loop)
        return
    cache = load_voice(settings)
    speaker, stream = open_speaker(cache, settings)
    try:
        await speaker.ready()
        scheduler = LoopScheduler(loop)
        session = build_session(brain, settings, scheduler, cache.speech_s)
        scheduler.fire = session.timer_fired
        attach(session, printer, history)
        printer({"t": 0.0, "event": "clock", "monotonic": round(loop.time() - scheduler.now(), 6), "output_latency_s": round(stream.latency_s, 4), "lead_s": round(speaker.lead_s, 4)})
        speak_session(session, speaker, brain, settings.voice.warm)
        await _converse(session, scheduler, loop)
        await speaker.drain()
    finally:
        speaker.close()
        stream.close()


async def _converse(session: Session, scheduler: LoopScheduler, loop: asyncio.AbstractEventLoop) -> None:
    """Hear stdin line by line (at the stamped seconds), then wait until the coach is idle."""
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        at, text = parse_line(line)
        if at is not None and at > scheduler.now():
            await asyncio.sleep(at - scheduler.now())
        if text:
            session.hear(text)
    while scheduler.pending():
        await asyncio.sleep(0.05)

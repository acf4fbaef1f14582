"""``assistant run``: the live voice coach on the microphone and speaker."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import threading
from dataclasses import replace

from .. import eventlog
from ..app import Brain
from ..history import History
from ..live import run_live
from ..settings import Settings
from .say import add_voice_options, with_voice_options

HELP = """Listen on the microphone and coach by voice. Lie down and say "start my routine",
"start knee rolls", "what's next", "pause", "I'm in pain" ... Ctrl+C (or SIGTERM) stops it.

examples:
  assistant run                                  # default devices, default engine
  assistant run --input 2 --output 'USB Audio'   # devices from 'assistant doctor'
  assistant run --engine vosk --json             # one JSON event per line, for logs and tests
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="the live voice coach (microphone in, speech out)", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", metavar="DEVICE", help="microphone: name or index (see 'assistant doctor'); default: the system default")
    parser.add_argument("--engine", choices=["auto", "pocketsphinx", "vosk", "whisper"], help="recognition engine (default: auto, see 'assistant models')")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event (heard, say, state, record)")
    parser.add_argument("--no-history", action="store_true", help="do not record pain reports and sessions in the history file")
    add_voice_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_voice_options(settings, args)
    if args.input:
        settings = replace(settings, audio=replace(settings.audio, input_device=args.input))
    if args.engine:
        settings = replace(settings, recognizer=replace(settings.recognizer, engine=args.engine))
    brain = Brain.load(settings)
    history = None if args.no_history else History(settings.history_db)
    asyncio.run(_main(brain, settings, eventlog.printer(sys.stdout, args.json), history))
    return 0


def _exit_soon(grace_s: float = 8.0) -> None:
    """Make sure the process ends: a worker stuck on a lost sound device must not keep a stopped service alive."""
    def force() -> None:
        sys.stdout.flush()
        os._exit(0)

    timer = threading.Timer(grace_s, force)
    timer.daemon = True
    timer.start()


async def _main(brain: Brain, settings: Settings, printer: eventlog.Printer, history: History | None) -> None:
    """Run until cancelled; SIGTERM (how systemd stops a unit) and SIGINT cancel cleanly."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def stop() -> None:
        _exit_soon()
        task.cancel()  # type: ignore[union-attr]

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    try:
        await run_live(brain, settings, printer, history)
    except asyncio.CancelledError:
        pass

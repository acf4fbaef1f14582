"""``assistant recognize FILE.wav ...``: what the recognizer hears in recordings, one line per file."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..app import Brain
from ..errors import CoachError
from ..recognizer import ENGINES, open_recognizer
from ..recognizer.files import recognize_file
from ..settings import Settings

HELP = """Recognize WAV files (any rate and channel count) with the command grammar.
One line per file; --json prints {"file", "text", "intent", "slots", "confidence", "ms"},
intent null when nothing in the grammar was said. "-" reads file paths from stdin
(one per line), so a batch is scored with one model load.

examples:
  assistant recognize pause.wav
  ls tests/*.wav | assistant recognize - --json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("recognize", help="what the recognizer hears in WAV files", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE.wav", help="WAV files, or - to read paths from stdin")
    parser.add_argument("--json", action="store_true", help="one JSON object per file")
    parser.add_argument("--engine", choices=("auto",) + ENGINES, help="recognition engine (default: from the config, else auto)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.engine:
        settings = replace(settings, recognizer=replace(settings.recognizer, engine=args.engine))
    brain = Brain.load(settings)
    recognizer = open_recognizer(settings, brain)
    failed = 0
    for path in _paths(args.files):
        try:
            result = recognize_file(Path(path), recognizer, brain.matcher)
        except CoachError as err:
            failed += 1
            print(json.dumps({"file": path, "error": str(err)}) if args.json else f"{path}: error: {err}", flush=True)
            continue
        if args.json:
            print(json.dumps(result.to_dict()), flush=True)
        else:
            slots = " ".join(f"{k}={v}" for k, v in result.slots.items())
            print(f"{path}: {result.text or '-'}  [{result.intent or 'no intent'}{' ' + slots if slots else ''}]  {result.confidence:.2f}  {result.ms} ms", flush=True)
    return 2 if failed else 0


def _paths(files: list[str]) -> Iterator[str]:
    for name in files:
        if name == "-":
            yield from (line.strip() for line in sys.stdin if line.strip())
        else:
            yield name

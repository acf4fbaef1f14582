"""``assistant doctor``: checks what the coach needs to hear, and says how to fix what is missing."""

from __future__ import annotations

import argparse
import shutil

from ..app import Brain
from ..errors import CoachError
from ..recognizer import choose_engine
from ..recognizer.dictionary import Dictionary
from ..recognizer.grammar import Grammar
from ..settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check engines, models and templates; say how to fix problems")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    problems = 0
    brain = Brain.load(settings)
    choice = choose_engine(settings)
    print(f"ok   recognition engine: {choice.engine} ({choice.reason})")
    grammar = Grammar.from_matcher(brain.matcher, settings.coach.routines_dir, settings.coach.intents_dir)
    print(f"ok   grammar: {len(brain.matcher.names)} intents, {len(grammar.words)} command words, {len(grammar.garbage_words)} rejection words")
    import pocketsphinx
    from pathlib import Path

    dictionary = Dictionary.from_file(Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict")
    dictionary.cover(grammar.words)
    for word, phones in sorted(dictionary.generated.items()):
        print(f"note pronunciation generated for '{word}': {phones}")
    if dictionary.missing:
        problems += 1
        print(f"FAIL no pronunciation for: {', '.join(dictionary.missing)} (install espeak-ng, or reword these in intents/ or routines/)")
    if not shutil.which("espeak-ng"):
        print("note espeak-ng is not installed: words outside the dictionary cannot be pronounced (Debian package espeak-ng)")
    try:
        from ..recognizer import open_recognizer

        open_recognizer(settings, brain)
        print(f"ok   {choice.engine} loads")
    except CoachError as err:
        problems += 1
        print(f"FAIL {err}")
    return 2 if problems else 0
